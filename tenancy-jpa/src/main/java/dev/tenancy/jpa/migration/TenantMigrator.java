package dev.tenancy.jpa.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome.Result;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schemas and databases of {@code SCHEMA} and {@code DATABASE} tenants, and records each tenant's
 * migration state.
 * <p>
 * A run looks at every tenant in the catalog except those being offboarded. A tenant whose recorded state is
 * {@link MigrationState#MIGRATED} at the latest shipped version is skipped at once, with no connection and no
 * Flyway instance. Any other tenant costs one query of its history table; only a tenant that is really behind
 * gets a Flyway instance. At most {@code parallelism} tenants are handled at once, each holding at most two
 * owner connections. A tenant whose migration failed only because a concurrent transaction got in its way (two
 * tenants' migrations updating one shared catalog row, a deadlock, a serialization failure) is migrated again,
 * up to five attempts in all. A failing tenant is recorded as {@link MigrationState#FAILED} with its error and
 * the run goes on with the others. Runs are serialized: a second caller waits for the first.
 * <p>
 * Thread-safe.
 */
public class TenantMigrator {

	private static final Logger logger = LoggerFactory.getLogger(TenantMigrator.class);

	/** SQLSTATE invalid_catalog_name: the database does not exist. */
	private static final String INVALID_CATALOG_NAME = "3D000";

	private final TenantCatalog catalog;

	private final TenantMigrationStateStore store;

	private final TenantFlywayFactory flyway;

	private final TenantMigrationSet migrations;

	private final int parallelism;

	private final Cache<TenantId, Optional<TenantMigrationState>> states;

	private final ReentrantLock runLock = new ReentrantLock();

	/**
	 * Creates a migrator.
	 * @param catalog the tenants
	 * @param store where states are recorded
	 * @param flyway creates each tenant's Flyway instance
	 * @param migrations the latest shipped versions
	 * @param parallelism how many tenants are migrated at once
	 * @param stateTimeToLive how long a state read for {@link #state(TenantId)} is reused; bounds how long a
	 * change recorded by another instance stays unseen
	 */
	public TenantMigrator(TenantCatalog catalog, TenantMigrationStateStore store, TenantFlywayFactory flyway,
			TenantMigrationSet migrations, int parallelism, Duration stateTimeToLive) {
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
		}
		this.catalog = catalog;
		this.store = store;
		this.flyway = flyway;
		this.migrations = migrations;
		this.parallelism = parallelism;
		this.states = Caffeine.newBuilder().expireAfterWrite(stateTimeToLive).maximumSize(1_000_000).build();
	}

	/**
	 * Migrates every tenant that is behind.
	 * @return what happened to each tenant
	 */
	public TenantMigrationRun migrateAll() {
		return runAll(MigrationMode.MIGRATE);
	}

	/**
	 * Checks every tenant's version and records those that are behind as {@link MigrationState#PENDING}, without
	 * changing any schema.
	 * @return the tenants at the latest version ({@code skipped}) and those behind ({@code failed})
	 */
	public TenantMigrationRun validateAll() {
		return runAll(MigrationMode.VALIDATE);
	}

	/**
	 * Runs what the mode says and logs the result: one line for the run, and one warning for each failed tenant.
	 * The application keeps running; failed tenants are refused by {@link TenantMigrationReadiness}.
	 * @param mode what to do
	 * @return the run, or {@code null} for {@link MigrationMode#OFF}
	 */
	public @Nullable TenantMigrationRun run(MigrationMode mode) {
		if (mode == MigrationMode.OFF) {
			return null;
		}
		TenantMigrationRun run = runAll(mode);
		logger.info("Tenant migrations ({}): {} tenants in {} ms: {} migrated, {} up to date, {} {} (schema version {}, "
				+ "database version {})", mode, run.tenantCount(), run.durationMillis(), run.succeeded().size(),
				run.skipped().size(), run.failed().size(), (mode == MigrationMode.VALIDATE) ? "behind" : "failed",
				run.schemaVersion(), run.databaseVersion());
		for (TenantMigrationOutcome failed : run.failed()) {
			String attempts = (failed.attempts() > 1) ? " (after " + failed.attempts() + " attempts)" : "";
			logger.warn("Tenant '{}' ({}) is at version {} and is refused with 503 until migrated: {}{}",
					failed.tenant(), failed.placement(), failed.toVersion(), failed.error(), attempts);
		}
		return run;
	}

	/**
	 * Migrates one tenant now, even if its recorded state says it is up to date, for example right after
	 * onboarding or after fixing a failed migration. A {@code DATABASE} tenant's missing database is created first
	 * if its server creates tenant databases.
	 * @param tenant a {@code SCHEMA} or {@code DATABASE} tenant that is not {@code OFFBOARDING} or
	 * {@code OFFBOARDED}
	 * @return what happened
	 * @throws IllegalArgumentException for a {@code SHARED} tenant
	 * @throws IllegalStateException for a tenant being offboarded or offboarded, whose schema or database a
	 * migration would create again
	 */
	public TenantMigrationOutcome migrate(Tenant tenant) {
		if (tenant.placement() == Placement.SHARED) {
			throw new IllegalArgumentException("Tenant '" + tenant.id() + "' has SHARED placement; its tables are "
					+ "migrated with the application's own migrations");
		}
		String refusal = offboardingRefusal(tenant);
		if (refusal != null) {
			throw new IllegalStateException(refusal);
		}
		this.runLock.lock();
		try {
			return migrateOne(tenant, this.store.findState(tenant.id()).orElse(null), null, MigrationMode.MIGRATE, true);
		}
		finally {
			this.runLock.unlock();
		}
	}

	/**
	 * Returns where the tenant's migrations connect: the owner role of the primary database for a {@code SCHEMA}
	 * tenant, the owner role of its own database for a {@code DATABASE} tenant.
	 * @param tenant a {@code SCHEMA} or {@code DATABASE} tenant
	 * @return the data source
	 */
	public DataSource ownerDataSource(Tenant tenant) {
		return this.flyway.ownerDataSource(tenant);
	}

	/**
	 * Returns the recorded state of a tenant, read through a short-lived cache; states this instance records
	 * replace the cached ones at once.
	 * @param id the tenant id
	 * @return the state, or empty if none is recorded
	 */
	public Optional<TenantMigrationState> state(TenantId id) {
		return this.states.get(id, this.store::findState);
	}

	/**
	 * Returns the version tenants of a placement must be at to be served.
	 * @param placement the placement
	 * @return the latest shipped version, or {@code null} if none is shipped (or for {@code SHARED})
	 */
	public @Nullable String expectedVersion(Placement placement) {
		return this.migrations.latestVersion(placement);
	}

	private TenantMigrationRun runAll(MigrationMode mode) {
		this.runLock.lock();
		try {
			Instant startedAt = Instant.now();
			long started = System.nanoTime();
			Map<TenantId, TenantMigrationState> recorded = this.store.findAllStates();
			List<TenantMigrationOutcome> outcomes = new ArrayList<>();
			List<Tenant> toCheck = new ArrayList<>();
			for (Tenant tenant : this.catalog.findAll()) {
				if (!isMigrated(tenant)) {
					continue;
				}
				TenantMigrationState state = recorded.get(tenant.id());
				if (state != null && state.isMigratedTo(expectedVersion(tenant.placement()))) {
					this.states.put(tenant.id(), Optional.of(state));
					outcomes.add(new TenantMigrationOutcome(tenant.id().value(), tenant.placement(), Result.SKIPPED,
							state.version(), state.version(), 0, 0, null, 0));
				}
				else {
					toCheck.add(tenant);
				}
			}
			Map<TenantId, SchemaHistory> histories = readSchemaHistories(toCheck);
			Map<TenantId, TenantMigrationState> upToDate = new LinkedHashMap<>();
			List<Tenant> behind = new ArrayList<>();
			for (Tenant tenant : toCheck) {
				SchemaHistory history = histories.get(tenant.id());
				if (history != null && history.isAtLeast(expectedVersion(tenant.placement()))) {
					upToDate.put(tenant.id(),
							new TenantMigrationState(MigrationState.MIGRATED, history.version(), null, Instant.now()));
					outcomes.add(new TenantMigrationOutcome(tenant.id().value(), tenant.placement(), Result.SKIPPED,
							history.version(), history.version(), 0, 0, null, 0));
				}
				else {
					behind.add(tenant);
				}
			}
			recordAll(upToDate);
			outcomes.addAll(BoundedParallelism.map(behind, this.parallelism,
					(tenant) -> migrateOne(tenant, recorded.get(tenant.id()), histories.get(tenant.id()), mode, false)));
			long duration = Duration.ofNanos(System.nanoTime() - started).toMillis();
			return new TenantMigrationRun(mode, startedAt, duration, expectedVersion(Placement.SCHEMA),
					expectedVersion(Placement.DATABASE), only(outcomes, Result.SUCCEEDED), only(outcomes, Result.FAILED),
					only(outcomes, Result.SKIPPED));
		}
		finally {
			this.runLock.unlock();
		}
	}

	/**
	 * Reads the history of every SCHEMA tenant through one owner connection: they all live in the primary
	 * database, and a connection per tenant would cost more than the query. A history that cannot be read here
	 * is read again, and its error recorded, when the tenant is migrated.
	 */
	private Map<TenantId, SchemaHistory> readSchemaHistories(List<Tenant> tenants) {
		List<Tenant> schemaTenants = tenants.stream().filter((tenant) -> tenant.placement() == Placement.SCHEMA).toList();
		Map<TenantId, SchemaHistory> histories = new HashMap<>();
		if (schemaTenants.isEmpty()) {
			return histories;
		}
		try (Connection connection = this.flyway.ownerDataSource(schemaTenants.get(0)).getConnection()) {
			connection.setAutoCommit(true);
			for (Tenant tenant : schemaTenants) {
				try {
					histories.put(tenant.id(),
							SchemaHistory.read(connection, this.flyway.historySchema(tenant), this.flyway.historyTable()));
				}
				catch (SQLException | RuntimeException ex) {
					logger.debug("Could not read the migration history of tenant '{}': {}", tenant.id(), ex.getMessage());
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not read the migration histories of SCHEMA tenants: {}", ex.getMessage());
		}
		return histories;
	}

	/**
	 * Records the states of up-to-date tenants, in one batch where the store can. A tenant removed from the catalog
	 * since it was read fails the batch; the others are then recorded one by one, so that it neither aborts the run
	 * nor keeps the tenants behind from being migrated.
	 */
	private void recordAll(Map<TenantId, TenantMigrationState> states) {
		if (states.isEmpty()) {
			return;
		}
		try {
			this.store.recordStates(states);
			states.forEach((id, state) -> this.states.put(id, Optional.of(state)));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record the states of {} up-to-date tenants in one batch; recording them one "
					+ "by one: {}", states.size(), ex.getMessage());
			states.forEach((id, state) -> {
				try {
					this.store.recordState(id, state);
					this.states.put(id, Optional.of(state));
				}
				catch (RuntimeException one) {
					logger.warn("Could not record that tenant '{}' is up to date (was it removed from the catalog "
							+ "during the run?): {}", id, one.getMessage());
				}
			});
		}
	}

	private static boolean isMigrated(Tenant tenant) {
		return tenant.placement() != Placement.SHARED && !isOffboarding(tenant.status());
	}

	private static boolean isOffboarding(TenantStatus status) {
		return status == TenantStatus.OFFBOARDING || status == TenantStatus.OFFBOARDED;
	}

	/**
	 * Says why a tenant must not be migrated because of its status: Flyway creates a missing schema (and the
	 * tables in an emptied database), so migrating a tenant being offboarded would bring back what offboarding
	 * removes.
	 * @param tenant a {@code SCHEMA} or {@code DATABASE} tenant
	 * @return the reason, for an operator, or {@code null} if its status allows a migration
	 */
	static @Nullable String offboardingRefusal(Tenant tenant) {
		if (!isOffboarding(tenant.status())) {
			return null;
		}
		String storage = (tenant.placement() == Placement.SCHEMA) ? "schema '" + tenant.schemaName() + "'"
				: "tables in database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'";
		return "Tenant '" + tenant.id() + "' is " + tenant.status() + " and is not migrated: a migration would "
				+ "create its " + storage + " again. If it is to be served again, set its status back to ACTIVE in "
				+ "the tenant catalog first, then migrate it";
	}

	private TenantMigrationOutcome migrateOne(Tenant tenant, @Nullable TenantMigrationState recorded,
			@Nullable SchemaHistory knownHistory, MigrationMode mode, boolean force) {
		long started = System.nanoTime();
		String expected = expectedVersion(tenant.placement());
		String current = (recorded != null) ? recorded.version() : null;
		MigrationRetry retry = new MigrationRetry(tenant);
		try {
			if (!force) {
				SchemaHistory history = (knownHistory != null) ? knownHistory : readHistory(tenant, mode);
				current = history.version();
				if (history.isAtLeast(expected)) {
					record(tenant, new TenantMigrationState(MigrationState.MIGRATED, current, null, Instant.now()));
					return outcome(tenant, Result.SKIPPED, current, current, 0, started, null, 0);
				}
			}
			if (mode == MigrationMode.VALIDATE) {
				if (recorded == null || recorded.state() != MigrationState.FAILED) {
					record(tenant, new TenantMigrationState(MigrationState.PENDING, current, null, Instant.now()));
				}
				return outcome(tenant, Result.FAILED, current, current, 0, started, "at version " + current
						+ ", behind version " + expected + "; not migrated because tenancy.migration.mode=VALIDATE", 0);
			}
			record(tenant, new TenantMigrationState(MigrationState.MIGRATING, current, null, null));
			if (force && tenant.placement() == Placement.DATABASE) {
				// migrate(tenant) reads no history first; a missing database is created here instead
				createDatabase(tenant);
			}
			Flyway tenantFlyway = this.flyway.create(tenant);
			MigrateResult result = retry.migrate(tenantFlyway::migrate, tenantFlyway.getConfiguration());
			String version = (result.targetSchemaVersion != null) ? result.targetSchemaVersion
					: versionAfterNothingApplied(tenant);
			record(tenant, new TenantMigrationState(MigrationState.MIGRATED, version, null, Instant.now()));
			return outcome(tenant, Result.SUCCEEDED, current, version, result.migrationsExecuted, started, null,
					retry.attempts());
		}
		catch (RuntimeException | SQLException ex) {
			String error = MigrationErrors.describe(ex);
			String version = versionAfterFailure(tenant, current);
			try {
				record(tenant, new TenantMigrationState(MigrationState.FAILED, version, error, Instant.now()));
			}
			catch (RuntimeException recordFailure) {
				logger.error("Could not record the failed migration of tenant '{}': {}", tenant.id(),
						recordFailure.getMessage());
			}
			return outcome(tenant, Result.FAILED, current, version, 0, started, MigrationErrors.oneLine(error),
					retry.attempts());
		}
	}

	/**
	 * Reads a tenant's history; in {@link MigrationMode#MIGRATE}, a {@code DATABASE} tenant's database that does not
	 * exist is created first if its server creates tenant databases, so that tenants of the configuration get their
	 * databases as tenants onboarded through the lifecycle do.
	 */
	private SchemaHistory readHistory(Tenant tenant, MigrationMode mode) throws SQLException {
		try {
			return readHistory(tenant);
		}
		catch (SQLException ex) {
			if (mode != MigrationMode.MIGRATE || tenant.placement() != Placement.DATABASE
					|| !INVALID_CATALOG_NAME.equals(ex.getSQLState())) {
				throw ex;
			}
			createDatabase(tenant);
			// read again even if this instance did not create it: another may have, meanwhile
			return readHistory(tenant);
		}
	}

	private void createDatabase(Tenant tenant) {
		if (this.flyway.createDatabase(tenant)) {
			logger.info("Created database '{}' on server '{}' for tenant '{}'", tenant.databaseName(),
					tenant.serverName(), tenant.id());
		}
	}

	private SchemaHistory readHistory(Tenant tenant) throws SQLException {
		return SchemaHistory.read(this.flyway.ownerDataSource(tenant), this.flyway.historySchema(tenant),
				this.flyway.historyTable());
	}

	/**
	 * Flyway reports no target version when it applied nothing. The version read before the run may be stale by
	 * then: another instance (a second replica starting during a rolling deployment) may have migrated the tenant
	 * in between, and recording the old version would have readiness refuse an up-to-date tenant. A history that
	 * cannot be read fails the tenant rather than record a version nobody checked.
	 */
	private @Nullable String versionAfterNothingApplied(Tenant tenant) throws SQLException {
		return readHistory(tenant).version();
	}

	/** A failed migration is rolled back, but those before it in the same run stay applied. */
	private @Nullable String versionAfterFailure(Tenant tenant, @Nullable String before) {
		try {
			return readHistory(tenant).version();
		}
		catch (RuntimeException | SQLException ex) {
			return before;
		}
	}

	private void record(Tenant tenant, TenantMigrationState state) {
		this.store.recordState(tenant.id(), state);
		this.states.put(tenant.id(), Optional.of(state));
	}

	private static TenantMigrationOutcome outcome(Tenant tenant, Result result, @Nullable String from,
			@Nullable String to, int executed, long startedNanos, @Nullable String error, int attempts) {
		long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
		return new TenantMigrationOutcome(tenant.id().value(), tenant.placement(), result, from, to, executed, millis,
				error, attempts);
	}

	private static List<TenantMigrationOutcome> only(List<TenantMigrationOutcome> outcomes, Result result) {
		return outcomes.stream().filter((outcome) -> outcome.result() == result).toList();
	}

}
