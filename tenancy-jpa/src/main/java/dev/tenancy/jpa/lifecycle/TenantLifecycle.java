package dev.tenancy.jpa.lifecycle;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Onboards, suspends, resumes, moves and offboards tenants of the JDBC catalog while the application runs, and
 * purges offboarded tenants' data: the one API for changing a tenant's status or placement.
 * <p>
 * Each change names who made it and why. The catalog change and its audit event commit together, in one
 * transaction of the owner role; a {@link TenantLifecycleEvent} is published after that commits. A change from
 * a status that does not allow it is refused with an {@link IllegalStateException} that names the tenant's
 * status, and changes nothing; two concurrent changes of one tenant cannot both pass that check.
 * <p>
 * Onboarding never leaves a tenant half served: the tenant is registered as
 * {@link TenantStatus#PROVISIONING} (refused service), its schema or database is migrated, and only then is it
 * made {@link TenantStatus#ACTIVE}. If the migration fails, the tenant stays {@code PROVISIONING} with the error
 * recorded, and calling {@link #onboard} again retries it. Moving a tenant copies its rows, verifies the copy and
 * switches the catalog, and deletes nothing before the switch has committed. Offboarding refuses the
 * tenant service for good and keeps its data and its catalog entry, so that its id is never given to another
 * tenant; it deletes nothing, which {@link #purge} does when asked.
 * <p>
 * Thread-safe.
 */
public class TenantLifecycle {

	/** Not MIGRATING: a move running would switch the tenant back to the status it had. */
	private static final Set<TenantStatus> OFFBOARDABLE = EnumSet.of(TenantStatus.PROVISIONING, TenantStatus.ACTIVE,
			TenantStatus.SUSPENDED, TenantStatus.OFFBOARDING);

	private static final String WITHOUT_MOVES = "This TenantLifecycle was created without moves and purges; "
			+ "create it with TenantLifecycle.Moves";

	private final JdbcTenantCatalog catalog;

	private final @Nullable TenantMigrator migrator;

	private final LifecycleRecorder recorder;

	private final @Nullable TenantMover mover;

	private final @Nullable TenantPurge purge;

	private @Nullable TenantDataSources databases;

	/**
	 * Creates a lifecycle that can move tenants between placements, and purge offboarded tenants' data.
	 * @param catalog the catalog whose tenants it changes, writing through {@code owner}
	 * @param migrator migrates SCHEMA and DATABASE tenants when they are onboarded or moved, and connects to
	 * DATABASE tenants' databases, or {@code null} if the application has only SHARED tenants
	 * @param audit the audit trail, writing through {@code owner}
	 * @param owner the primary database as the owner role, the same instance the catalog and the audit trail write
	 * through, so that a change and its audit event commit together
	 * @param events where lifecycle events are published
	 * @param moves how tenants are moved
	 */
	public TenantLifecycle(JdbcTenantCatalog catalog, @Nullable TenantMigrator migrator, TenantAuditTrail audit,
			DataSource owner, ApplicationEventPublisher events, Moves moves) {
		this.catalog = catalog;
		this.migrator = migrator;
		this.recorder = new LifecycleRecorder(audit, new TransactionTemplate(new DataSourceTransactionManager(owner)),
				events);
		TenantRowsCopy rows = new TenantRowsCopy(moves.settingName(), moves.tenantColumn(), moves.historyTable());
		this.mover = new TenantMover(catalog, migrator, this.recorder, owner, rows, moves.drain());
		this.purge = new TenantPurge(catalog, this.recorder, new JdbcTemplate(owner), rows, migrator);
	}

	/**
	 * Creates a lifecycle that neither moves tenants nor purges their data.
	 * @param catalog the catalog whose tenants it changes
	 * @param migrator migrates SCHEMA and DATABASE tenants when they are onboarded, or {@code null} if the
	 * application onboards only SHARED tenants
	 * @param audit the audit trail
	 * @param ownerTransactions transactions on the owner DataSource that both the catalog and the audit trail
	 * write through, so that a change and its audit event commit together
	 * @param events where lifecycle events are published
	 */
	public TenantLifecycle(JdbcTenantCatalog catalog, @Nullable TenantMigrator migrator, TenantAuditTrail audit,
			TransactionOperations ownerTransactions, ApplicationEventPublisher events) {
		this.catalog = catalog;
		this.migrator = migrator;
		this.recorder = new LifecycleRecorder(audit, ownerTransactions, events);
		this.mover = null;
		this.purge = null;
	}

	/**
	 * Sets what else a purge destroys, in its owner transaction, after the tenant's rows ({@code TenantKeys}, the
	 * tenant's data key, when {@code tenancy.crypto.enabled}).
	 * @param steps the steps, in order
	 */
	public void setPurgeSteps(List<? extends TenantPurgeStep> steps) {
		if (this.purge != null) {
			this.purge.steps(List.copyOf(steps));
		}
	}

	/**
	 * Sets the databases of {@code DATABASE} tenants, whose servers may create and drop them
	 * ({@code tenancy.placement.servers.<name>.create-databases}): a tenant onboarded or moved onto such a server
	 * gets its database created if it is missing, and a database created for a tenant is dropped when the tenant is
	 * purged from it. Without them, tenant databases must exist and are never dropped.
	 * @param databases the tenant databases, the same the migrator connects to
	 */
	public void setTenantDataSources(@Nullable TenantDataSources databases) {
		this.databases = databases;
		if (this.mover != null) {
			this.mover.databases(databases);
		}
		if (this.purge != null) {
			this.purge.databases(databases);
		}
	}

	/**
	 * Adds a tenant and prepares its storage: a SHARED tenant needs none, a SCHEMA or DATABASE tenant gets its
	 * tenant migrations (a DATABASE tenant's database must exist, or its server create it:
	 * {@link #setTenantDataSources}). Then the tenant is served.
	 * <p>
	 * Called again for a tenant left {@link TenantStatus#PROVISIONING} by a failed or interrupted onboarding, with
	 * the same placement and storage, it retries.
	 * @param tenant the tenant; its status is ignored
	 * @param plan its commercial plan or tier, or {@code null}
	 * @param actor who onboards it
	 * @param reason why
	 * @return the tenant as the catalog now holds it, {@code ACTIVE}
	 * @throws TenantOnboardingException if its storage could not be prepared; it stays {@code PROVISIONING}
	 * @throws IllegalStateException if the catalog already holds the tenant in another status, or
	 * {@code PROVISIONING} with another placement or storage
	 * @throws org.springframework.dao.DuplicateKeyException if its schema, or database on that server, belongs
	 * to another tenant
	 */
	public Tenant onboard(Tenant tenant, @Nullable String plan, String actor, String reason) {
		TenantId id = tenant.id();
		LifecycleRecorder.requireWho(actor, reason);
		Tenant provisioning = new Tenant(id, tenant.displayName(), TenantStatus.PROVISIONING, tenant.placement(),
				tenant.schema(), tenant.server(), tenant.database());
		if (provisioning.placement() != Placement.SHARED && this.migrator == null) {
			throw new IllegalStateException("Tenant '" + id + "' has " + provisioning.placement()
					+ " placement, which needs tenant migrations to onboard, but no TenantMigrator is configured "
					+ "(is Flyway on the class path?)");
		}
		Optional<Tenant> existing = this.catalog.find(id);
		Tenant registered = existing.map((found) -> requireRetryable(found, provisioning)).orElse(provisioning);
		TenantStatus before = existing.map(Tenant::status).orElse(null);
		String detail = existing.isPresent() ? "retried" : null;
		AuditEvent started = this.recorder.committed(() -> {
			if (existing.isEmpty()) {
				this.catalog.register(provisioning, plan);
			}
			return this.recorder.record(id, Action.ONBOARDING_STARTED, actor, reason, detail);
		});
		this.recorder.publish(before, TenantStatus.PROVISIONING, Action.ONBOARDING_STARTED, actor, reason, started);
		if (registered.placement() != Placement.SHARED) {
			prepareStorage(registered, actor, reason);
		}
		return change(id, EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE, Action.ONBOARDED, actor, reason);
	}

	/**
	 * Refuses an {@link TenantStatus#ACTIVE} tenant service, keeping its data. Other instances of the application
	 * refuse it once their catalog cache entry expires ({@code tenancy.catalog.cache-ttl}).
	 * @param id the tenant
	 * @param actor who suspends it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is not {@code ACTIVE}
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public Tenant suspend(TenantId id, String actor, String reason) {
		return change(id, EnumSet.of(TenantStatus.ACTIVE), TenantStatus.SUSPENDED, Action.SUSPENDED, actor, reason);
	}

	/**
	 * Serves a {@link TenantStatus#SUSPENDED} tenant again; or one left {@link TenantStatus#MIGRATING} by a move
	 * that was interrupted (the application stopped), which lives, with every row, where the catalog says. Never
	 * resume a tenant while a move of it is running.
	 * @param id the tenant
	 * @param actor who resumes it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is neither {@code SUSPENDED} nor {@code MIGRATING}
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public Tenant resume(TenantId id, String actor, String reason) {
		return change(id, EnumSet.of(TenantStatus.SUSPENDED, TenantStatus.MIGRATING), TenantStatus.ACTIVE,
				Action.RESUMED, actor, reason);
	}

	/**
	 * Moves a tenant to {@code SHARED} or {@code SCHEMA} placement; see {@link #move(Tenant, String, String)}.
	 * @param id the tenant
	 * @param placement {@code SCHEMA} or {@code SHARED}
	 * @param schema for {@code SCHEMA}, the schema, or {@code null} for the one derived from the tenant id
	 * @param actor who moves it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws TenantMoveException if the move did not complete
	 * @throws IllegalArgumentException for {@code DATABASE}, which needs a server and a database (use
	 * {@link #move(Tenant, String, String)}), or as that method says
	 * @throws IllegalStateException as {@link #move(Tenant, String, String)} says
	 */
	public Tenant move(TenantId id, Placement placement, @Nullable String schema, String actor, String reason) {
		if (placement == Placement.DATABASE) {
			throw new IllegalArgumentException("A move to DATABASE placement names the server and the database: "
					+ "use move(Tenant, actor, reason)");
		}
		return move(new Tenant(id, id.value(), TenantStatus.MIGRATING, placement,
				(placement == Placement.SCHEMA) ? schema : null, null, null), actor, reason);
	}

	/**
	 * Moves an {@link TenantStatus#ACTIVE} or {@link TenantStatus#SUSPENDED} tenant to another placement, keeping
	 * every row:
	 * <ol>
	 * <li>the tenant is made {@link TenantStatus#MIGRATING}, refused service and given no connection;</li>
	 * <li>the move waits for the drain ({@link Moves#drain()}), so that every instance refuses it and work
	 * already running ends;</li>
	 * <li>a target schema is created and migrated, or a target database migrated: it must exist, unless its
	 * server creates tenant databases ({@link #setTenantDataSources}), which creates it before the first step;</li>
	 * <li>the tenant's rows are copied table by table, with the source locked against writes, each copy compared
	 * with its source by row count and checksum, and the catalog switched to the new placement with the status
	 * the tenant had: in one transaction when the target is the primary database; when it is a tenant database,
	 * the copy commits there first and is deleted again if the switch fails;</li>
	 * <li>then the rows at the old place are deleted, if they are still exactly the rows copied.</li>
	 * </ol>
	 * If a step before the switch fails, the tenant is back where it was, in its status, with every row, and a
	 * {@link TenantMoveException} says why. If only the last step fails, the tenant is moved and its old rows are
	 * kept, and a {@link TenantMoveException} whose {@link TenantMoveException#isMoved()} is {@code true} says so.
	 * A schema or database left behind is not dropped, not even a database created for the tenant.
	 * @param destination where the tenant goes: its id, placement and, for {@code SCHEMA}, its schema, for
	 * {@code DATABASE}, its server and database ({@code null} for the derived ones); status and display name are
	 * ignored
	 * @param actor who moves it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws TenantMoveException if the move did not complete
	 * @throws IllegalArgumentException for a move to where the tenant already lives, or a tenant the catalog does
	 * not know
	 * @throws IllegalStateException if the tenant is neither {@code ACTIVE} nor {@code SUSPENDED}, another tenant
	 * has the schema or database, or this lifecycle was created without moves
	 */
	public Tenant move(Tenant destination, String actor, String reason) {
		LifecycleRecorder.requireWho(actor, reason);
		TenantId id = destination.id();
		Tenant current = this.catalog.find(id)
			.orElseThrow(() -> new IllegalArgumentException("Tenant '" + id + "' is not in the catalog"));
		Tenant target = new Tenant(id, current.displayName(), TenantStatus.MIGRATING, destination.placement(),
				(destination.placement() == Placement.SCHEMA) ? destination.schemaName() : null,
				(destination.placement() == Placement.DATABASE) ? destination.serverName() : null,
				(destination.placement() == Placement.DATABASE) ? destination.databaseName() : null);
		if (storage(current).equals(storage(target))) {
			throw new IllegalArgumentException("Tenant '" + id + "' already lives in " + storage(current));
		}
		if (this.mover == null) {
			throw new IllegalStateException(WITHOUT_MOVES);
		}
		this.catalog.findAll()
			.stream()
			.filter((other) -> target.placement() != Placement.SHARED && !other.id().equals(id)
					&& storage(other).equals(storage(target)))
			.findFirst()
			.ifPresent((other) -> {
				throw new IllegalStateException(storage(target) + " belongs to tenant '" + other.id()
						+ "'; choose another for tenant '" + id + "'");
			});
		return this.mover.move(current, target, actor, reason);
	}

	/**
	 * Refuses a tenant service for good: {@link TenantStatus#OFFBOARDED}. Its data, schema or database is kept,
	 * and its catalog entry too, so its id is never given to another tenant; tenant migrations skip it from now
	 * on.
	 * @param id the tenant
	 * @param actor who offboards it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is already {@code OFFBOARDED}, or {@code MIGRATING} (resume a
	 * tenant left so by an interrupted move first)
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public Tenant offboard(TenantId id, String actor, String reason) {
		return change(id, OFFBOARDABLE, TenantStatus.OFFBOARDED, Action.OFFBOARDED, actor, reason);
	}

	/**
	 * Deletes an {@link TenantStatus#OFFBOARDED} tenant's data for good: a SHARED tenant's rows in the shared
	 * tables (every table with the tenant column, children first), a SCHEMA tenant's schema with everything in it,
	 * or a DATABASE tenant's database if it was created for the tenant ({@link #setTenantDataSources}), else its
	 * rows in the tenant tables of its database (the database itself is left for its server's administrator to
	 * drop). Its catalog entry stays, {@code OFFBOARDED}, so that its id is never given to another tenant, and the
	 * audit trail records what was deleted. In the primary database all of it, or nothing, in one transaction; a
	 * tenant's own database is emptied or dropped just before that transaction commits.
	 * @param id the tenant
	 * @param actor who purges it
	 * @param reason why, for example the end of a retention period
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is not {@code OFFBOARDED}, or this lifecycle was created
	 * without moves
	 * @throws IllegalArgumentException for a tenant the catalog does not know
	 */
	public Tenant purge(TenantId id, String actor, String reason) {
		LifecycleRecorder.requireWho(actor, reason);
		Tenant tenant = this.catalog.find(id)
			.orElseThrow(() -> new IllegalArgumentException("Tenant '" + id + "' is not in the catalog"));
		if (tenant.status() != TenantStatus.OFFBOARDED) {
			throw new IllegalStateException("Tenant '" + id + "' is " + tenant.status()
					+ "; only an OFFBOARDED tenant's data is purged: offboard it first");
		}
		if (this.purge == null) {
			throw new IllegalStateException(WITHOUT_MOVES);
		}
		return this.purge.purge(tenant, actor, reason);
	}

	private Tenant change(TenantId id, Set<TenantStatus> from, TenantStatus to, Action action, String actor,
			String reason) {
		Objects.requireNonNull(id, "id must not be null");
		LifecycleRecorder.requireWho(actor, reason);
		TenantStatus[] before = new TenantStatus[1];
		AuditEvent recorded = this.recorder.committed(() -> {
			before[0] = this.catalog.changeStatus(id, from, to);
			return this.recorder.record(id, action, actor, reason, null);
		});
		this.recorder.publish(before[0], to, action, actor, reason, recorded);
		return this.catalog.find(id).orElseThrow();
	}

	private void prepareStorage(Tenant tenant, String actor, String reason) {
		if (tenant.placement() == Placement.DATABASE && this.databases != null) {
			try {
				if (this.databases.createDatabase(tenant)) {
					this.recorder.databaseChanged(tenant, Action.DATABASE_CREATED, TenantStatus.PROVISIONING, actor,
							reason);
				}
			}
			catch (RuntimeException ex) {
				failed(tenant.id(), actor, reason, String.valueOf(ex.getMessage()));
				throw new TenantOnboardingException(tenant.id(), failureMessage(tenant, "creating", ex.getMessage()),
						ex);
			}
		}
		TenantMigrationOutcome outcome;
		try {
			outcome = Objects.requireNonNull(this.migrator).migrate(tenant);
		}
		catch (RuntimeException ex) {
			failed(tenant.id(), actor, reason, String.valueOf(ex.getMessage()));
			throw new TenantOnboardingException(tenant.id(), failureMessage(tenant, "migrating", ex.getMessage()), ex);
		}
		if (outcome.result() == TenantMigrationOutcome.Result.FAILED) {
			failed(tenant.id(), actor, reason, String.valueOf(outcome.error()));
			throw new TenantOnboardingException(tenant.id(), failureMessage(tenant, "migrating", outcome.error()));
		}
	}

	private void failed(TenantId id, String actor, String reason, String error) {
		AuditEvent failed = this.recorder
			.committed(() -> this.recorder.record(id, Action.ONBOARDING_FAILED, actor, reason, error));
		this.recorder.publish(TenantStatus.PROVISIONING, TenantStatus.PROVISIONING, Action.ONBOARDING_FAILED, actor,
				reason, failed);
	}

	private static String failureMessage(Tenant tenant, String step, @Nullable String error) {
		String storage = (tenant.placement() == Placement.SCHEMA) ? "schema '" + tenant.schemaName() + "'"
				: "database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'";
		return "Tenant '" + tenant.id() + "' could not be onboarded: " + step + " its " + storage + " failed: " + error
				+ ". It stays PROVISIONING and is refused service; fix the cause and call onboard again to retry, "
				+ "or offboard it";
	}

	private static Tenant requireRetryable(Tenant found, Tenant requested) {
		if (found.status() != TenantStatus.PROVISIONING) {
			throw new IllegalStateException("Tenant '" + found.id() + "' is already in the catalog, " + found.status()
					+ "; only a tenant left PROVISIONING by a failed onboarding can be onboarded again");
		}
		if (!storage(found).equals(storage(requested))) {
			throw new IllegalStateException("Tenant '" + found.id() + "' is being onboarded as " + storage(found)
					+ ", not as " + storage(requested) + "; retry with the same placement, or offboard it first");
		}
		return found;
	}

	private static String storage(Tenant tenant) {
		return switch (tenant.placement()) {
			case SHARED -> "SHARED";
			case SCHEMA -> "SCHEMA (schema '" + tenant.schemaName() + "')";
			case DATABASE -> "DATABASE (database '" + tenant.databaseName() + "' on server '" + tenant.serverName()
					+ "')";
		};
	}

	/**
	 * How tenants are moved.
	 *
	 * @param settingName the setting that carries the tenant to row-level security, {@code app.tenant_id} by
	 * default ({@code tenancy.jpa.setting-name})
	 * @param tenantColumn the tenant column of tenant tables ({@code tenancy.rls.tenant-column})
	 * @param historyTable the table in which Flyway records a tenant schema's migrations
	 * ({@code tenancy.migration.table}), which a move leaves in the schema
	 * @param drain how long a move waits, after refusing the tenant, before it copies: at least the catalog cache's
	 * time to live ({@code tenancy.catalog.cache-ttl}) plus the longest request, so that no instance still writes
	 * the tenant's rows at the old place
	 */
	public record Moves(String settingName, String tenantColumn, String historyTable, Duration drain) {

		public Moves {
			Objects.requireNonNull(settingName, "settingName must not be null");
			Objects.requireNonNull(tenantColumn, "tenantColumn must not be null");
			Objects.requireNonNull(historyTable, "historyTable must not be null");
			Objects.requireNonNull(drain, "drain must not be null");
		}

	}

}
