package dev.tenancy.jpa.lifecycle;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.jpa.migration.TenantMigrationOutcome;
import dev.tenancy.jpa.migration.TenantMigrationRun;
import dev.tenancy.jpa.routing.DatabaseServer;
import dev.tenancy.jpa.routing.PooledTenantDataSources;
import dev.tenancy.jpa.routing.TenantPoolLimits;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tenants onboarded, moved and purged on a server whose tenant databases the library creates and drops: each
 * database made by an owner role with {@code CREATEDB} (and nothing more), looked at as the superuser afterwards.
 */
class TenantDatabaseCreationIT {

	/** Owns and creates the tenant databases: CREATEDB, no superuser, no BYPASSRLS. */
	static final String CREATOR = "tenancy_test_creator";

	static final TenantId ACME = TenantId.of("acme");

	static TenancyTestDatabase db;

	static TenancyTestServer server;

	JdbcTemplate admin;

	PooledTenantDataSources pools;

	LifecycleParts parts;

	TenantLifecycle lifecycle;

	List<TenantLifecycleEvent> events = new CopyOnWriteArrayList<>();

	/** Unique per test; with a '-', which only a quoted identifier may hold. */
	String database;

	List<String> databases = new ArrayList<>();

	@BeforeAll
	static void createDatabaseAndCreator() {
		db = TenancyTestDatabase.create(TenantDatabaseCreationIT.class);
		TenancySchema.migrate(db);
		server = TenancyTestServer.first();
		ensureCreator(db);
	}

	/** Makes {@value #CREATOR} exist, with {@code CREATEDB}. */
	static void ensureCreator(TenancyTestDatabase db) {
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		admin.execute("DO $$ BEGIN CREATE ROLE " + CREATOR + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '"
				+ TenancyTestDatabase.PASSWORD + "'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
				+ "END $$");
		admin.execute("ALTER ROLE " + CREATOR + " CREATEDB");
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void aLifecycleOnACreatingServer() {
		ControlPlane.dropTenants(db);
		ControlPlane.emptyAuditTrail(db);
		ensureCreator(db);
		this.admin = new JdbcTemplate(db.adminDataSource());
		this.admin.execute("TRUNCATE public.projects, public.tasks, public.labels");
		this.database = name("acme-eu");
		DatabaseServer primary = new DatabaseServer("primary", server.jdbcUrlTemplate(), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD, CREATOR, TenancyTestDatabase.PASSWORD)
			.withDatabaseCreation("postgres");
		this.pools = new PooledTenantDataSources(List.of(primary),
				new TenantPoolLimits(5, 10, 2, Duration.ofMinutes(10), Duration.ofSeconds(5)));
		this.parts = LifecycleParts.of(db, this.pools);
		this.lifecycle = this.parts.lifecycle((event) -> {
			if (event instanceof TenantLifecycleEvent changed) {
				this.events.add(changed);
			}
		});
		this.lifecycle.setTenantDataSources(this.pools);
	}

	@AfterEach
	void dropTheTestsDatabases() {
		this.pools.close();
		server.dropDatabases(this.databases);
	}

	@Test
	void onboardingATenantCreatesItsDatabaseForTheRuntimeRoleAloneAndMigratesIt() {
		Tenant onboarded = this.lifecycle.onboard(acme(this.database), "enterprise", "ops", "new customer");

		assertThat(onboarded.status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(this.admin.queryForList("select pg_get_userbyid(datdba) || ' ' || "
				+ "shobj_description(oid, 'pg_database') from pg_database where datname = ?", String.class,
				this.database))
			.containsExactly(CREATOR + " dev.tenancy: database of tenant acme");
		assertThat(canConnect(TenancyTestDatabase.APP_ROLE)).isTrue();
		assertThat(canConnect(TenancyTestDatabase.OWNER_ROLE)).as("PUBLIC may not connect").isFalse();
		assertThat(countAsRuntimeRole(onboarded)).isZero();
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "DATABASE_CREATED", "ONBOARDED");
		assertThat(this.parts.audit().events(ACME).get(1).detail())
			.isEqualTo("database '" + this.database + "' on server 'primary'");
		assertThat(this.events).extracting(TenantLifecycleEvent::action)
			.containsExactly(Action.ONBOARDING_STARTED, Action.DATABASE_CREATED, Action.ONBOARDED);
	}

	@Test
	void aDatabaseThatExistsIsUsedAsItIsAndOnlyEmptiedWhenItsTenantIsPurged() {
		server.createDatabases(List.of(this.database));
		this.admin.execute("ALTER DATABASE \"" + this.database + "\" OWNER TO " + CREATOR);

		this.lifecycle.onboard(acme(this.database), null, "ops", "new customer");
		this.lifecycle.offboard(ACME, "ops", "contract ended");
		this.lifecycle.purge(ACME, "ops", "retention period over");

		assertThat(exists(this.database)).isTrue();
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "ONBOARDED", "OFFBOARDED", "PURGED");
		assertThat(this.parts.audit().events(ACME)).last()
			.satisfies((event) -> assertThat(event.detail()).startsWith("schema 'public' of database '"
					+ this.database + "' on server 'primary', rows deleted"));
	}

	@Test
	void aDatabaseCreatedForAnotherTenantIsRefused() {
		server.createDatabases(List.of(this.database));
		this.admin.execute("COMMENT ON DATABASE \"" + this.database + "\" IS 'dev.tenancy: database of tenant globex'");

		assertThatExceptionOfType(TenantOnboardingException.class)
			.isThrownBy(() -> this.lifecycle.onboard(acme(this.database), null, "ops", "new customer"))
			.withMessageContaining("Tenant 'acme' could not be onboarded: creating its database '" + this.database
					+ "' on server 'primary' failed")
			.withMessageContaining("was created for tenant 'globex', not for tenant 'acme'; choose another database");

		assertThat(this.parts.catalog().find(ACME).orElseThrow().status()).isEqualTo(TenantStatus.PROVISIONING);
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "ONBOARDING_FAILED");
	}

	@Test
	void anOwnerRoleWithoutCreatedbLeavesTheTenantProvisioningAndARetryOnboardsIt() {
		this.admin.execute("ALTER ROLE " + CREATOR + " NOCREATEDB");

		assertThatExceptionOfType(TenantOnboardingException.class)
			.isThrownBy(() -> this.lifecycle.onboard(acme(this.database), null, "ops", "new customer"))
			.withMessageContaining("Could not create database '" + this.database + "' on server 'primary' as the owner "
					+ "role '" + CREATOR + "': ERROR: permission denied to create database")
			.withMessageContaining("needs CREATEDB: ALTER ROLE " + CREATOR + " CREATEDB")
			.withMessageContaining("It stays PROVISIONING");
		assertThat(exists(this.database)).isFalse();

		this.admin.execute("ALTER ROLE " + CREATOR + " CREATEDB");
		Tenant onboarded = this.lifecycle.onboard(acme(this.database), null, "ops", "new customer");

		assertThat(onboarded.status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "ONBOARDING_FAILED", "ONBOARDING_STARTED",
				"DATABASE_CREATED", "ONBOARDED");
	}

	@Test
	void purgingATenantDropsTheDatabaseCreatedForItAfterClosingItsPool() {
		Tenant acme = this.lifecycle.onboard(acme(this.database), null, "ops", "new customer");
		assertThat(countAsRuntimeRole(acme)).isZero();
		assertThat(this.pools.getOpenPools()).isOne();
		this.lifecycle.offboard(ACME, "ops", "contract ended");

		this.lifecycle.purge(ACME, "ops", "retention period over");

		assertThat(exists(this.database)).isFalse();
		assertThat(this.pools.getOpenPools()).isZero();
		assertThat(this.pools.getOpenConnections()).isZero();
		assertThat(lastDetail()).isEqualTo("database '" + this.database + "' on server 'primary' dropped");
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "DATABASE_CREATED", "ONBOARDED", "OFFBOARDED",
				"DATABASE_DROPPED", "PURGED");

		this.lifecycle.purge(ACME, "ops", "purged again");

		assertThat(lastDetail())
			.isEqualTo("database '" + this.database + "' on server 'primary' does not exist (dropped before)");
	}

	@Test
	void aPurgeWaitsForThisInstancesPoolOfTheDatabaseAndKeepsItWhileAConnectionIsLent() throws Exception {
		Tenant acme = this.lifecycle.onboard(acme(this.database), null, "ops", "new customer");
		this.lifecycle.offboard(ACME, "ops", "contract ended");

		try (Connection lent = this.pools.runtimeDataSource(acme).getConnection()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> this.lifecycle.purge(ACME, "ops", "retention period over"))
				.withMessageContaining("this instance's pool of it still lends connections after 10 s");
			assertThat(lent.isValid(1)).isTrue();
		}

		assertThat(exists(this.database)).isTrue();
		assertThat(actions()).last().isEqualTo("OFFBOARDED");
	}

	@Test
	void aPurgeThatCannotDropTheDatabaseChangesNothingAndARetryDropsIt() throws Exception {
		this.lifecycle.onboard(acme(this.database), null, "ops", "new customer");
		this.lifecycle.offboard(ACME, "ops", "contract ended");

		try (Connection superuser = server.adminConnection(this.database)) {
			assertThatIllegalStateException()
				.isThrownBy(() -> this.lifecycle.purge(ACME, "ops", "retention period over"))
				.withMessageContaining("Could not drop database '" + this.database + "' on server 'primary' as the "
						+ "owner role '" + CREATOR + "'")
				.withMessageContaining("grant the owner role pg_signal_backend");
			assertThat(superuser.isValid(1)).isTrue();
		}

		assertThat(exists(this.database)).isTrue();
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "DATABASE_CREATED", "ONBOARDED", "OFFBOARDED");

		this.lifecycle.purge(ACME, "ops", "retention period over, second try");

		assertThat(exists(this.database)).isFalse();
		assertThat(actions()).last().isEqualTo("PURGED");
	}

	@Test
	void aMoveIntoADatabaseCreatesItAndAMoveOutOfItKeepsItEmptied() {
		this.admin.execute("INSERT INTO public.projects (tenant_id, id, name) VALUES "
				+ "('acme', '00000000-0000-0000-0000-0000000000a1', 'Roadmap')");
		this.parts.catalog().register(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null);

		Tenant moved = this.lifecycle.move(acme(this.database), "ops", "dedicated database");

		assertThat(moved.placement()).isEqualTo(Placement.DATABASE);
		assertThat(countAsRuntimeRole(moved)).isOne();
		assertThat(actions()).containsExactly("DATABASE_CREATED", "MOVE_STARTED", "MOVED", "MOVE_SOURCE_DELETED");

		this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back to the standard plan");

		// the copy reads the tenant's rows in the tenant tables only: whatever else the database holds stays
		assertThat(exists(this.database)).isTrue();
		assertThat(countAsRuntimeRole(moved)).isZero();
		assertThat(this.admin.queryForObject("select count(*) from public.projects where tenant_id = 'acme'",
				Long.class)).isOne();
		assertThat(actions()).containsExactly("DATABASE_CREATED", "MOVE_STARTED", "MOVED", "MOVE_SOURCE_DELETED",
				"MOVE_STARTED", "MOVED", "MOVE_SOURCE_DELETED");
		assertThat(this.parts.audit().verify().isIntact()).isTrue();
	}

	@Test
	void aDropIsRecordedAtOnceSoThatAPurgeFailingAfterItLeavesItsTrace() {
		this.lifecycle.onboard(acme(this.database), null, "ops", "new customer");
		this.lifecycle.offboard(ACME, "ops", "contract ended");
		this.lifecycle.setPurgeSteps(List.of((tenant, owner) -> {
			throw new IllegalStateException("key store down");
		}));

		assertThatIllegalStateException().isThrownBy(() -> this.lifecycle.purge(ACME, "ops", "retention period over"))
			.withMessage("key store down");

		assertThat(exists(this.database)).isFalse();
		assertThat(actions()).containsExactly("ONBOARDING_STARTED", "DATABASE_CREATED", "ONBOARDED", "OFFBOARDED",
				"DATABASE_DROPPED");

		this.lifecycle.setPurgeSteps(List.of());
		this.lifecycle.purge(ACME, "ops", "retention period over, second try");

		assertThat(actions()).last().isEqualTo("PURGED");
		assertThat(lastDetail())
			.isEqualTo("database '" + this.database + "' on server 'primary' does not exist (dropped before)");
	}

	@Test
	void migratingOneTenantCreatesItsMissingDatabase() {
		this.parts.catalog().register(acme(this.database), null);

		TenantMigrationOutcome outcome = this.parts.migrator().migrate(acme(this.database));

		assertThat(outcome.result()).isEqualTo(TenantMigrationOutcome.Result.SUCCEEDED);
		assertThat(countAsRuntimeRole(acme(this.database))).isZero();
	}

	@Test
	void aMoveThatCannotCreateItsDatabaseChangesNothing() {
		this.parts.catalog().register(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null);
		this.admin.execute("ALTER ROLE " + CREATOR + " NOCREATEDB");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(acme(this.database), "ops", "dedicated database"))
			.withMessageContaining("Tenant 'acme' was not moved to DATABASE: Could not create database")
			.withMessageContaining("Nothing was changed")
			.satisfies((ex) -> assertThat(ex.isMoved()).isFalse());

		assertThat(this.parts.catalog().find(ACME).orElseThrow())
			.isEqualTo(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED));
		assertThat(actions()).isEmpty();
	}

	@Test
	void startUpMigrationsCreateTheMissingDatabaseOfATenantOfTheCatalogButValidationDoesNot() {
		this.parts.catalog().register(acme(this.database), null);

		TenantMigrationRun validated = this.parts.migrator().validateAll();

		assertThat(validated.failed()).extracting(TenantMigrationOutcome::tenant).containsExactly("acme");
		assertThat(exists(this.database)).isFalse();

		TenantMigrationRun migrated = this.parts.migrator().migrateAll();

		assertThat(migrated.succeeded()).extracting(TenantMigrationOutcome::tenant).containsExactly("acme");
		assertThat(this.admin.queryForObject("select shobj_description(oid, 'pg_database') from pg_database "
				+ "where datname = ?", String.class, this.database))
			.isEqualTo("dev.tenancy: database of tenant acme");
		assertThat(countAsRuntimeRole(acme(this.database))).isZero();
	}

	private Tenant acme(String database) {
		return new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.DATABASE, null, "primary", database);
	}

	private String name(String hint) {
		String name = "tdc_" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_" + hint;
		this.databases.add(name);
		return name;
	}

	private List<String> actions() {
		return this.parts.audit().events(ACME).stream().map(AuditEvent::action).toList();
	}

	private String lastDetail() {
		List<AuditEvent> events = this.parts.audit().events(ACME);
		return events.get(events.size() - 1).detail();
	}

	private boolean exists(String name) {
		Long count = this.admin.queryForObject("select count(*) from pg_database where datname = ?", Long.class, name);
		return count == 1;
	}

	private boolean canConnect(String role) {
		return Boolean.TRUE.equals(this.admin.queryForObject("select has_database_privilege(?, ?, 'CONNECT')",
				Boolean.class, role, this.database));
	}

	/** Counts acme's projects in its database through the tenant pool, with the tenant set for the transaction. */
	private long countAsRuntimeRole(Tenant acme) {
		DataSource app = this.pools.runtimeDataSource(acme);
		JdbcTemplate jdbc = new JdbcTemplate(app);
		Long count = new TransactionTemplate(new DataSourceTransactionManager(app)).execute((status) -> {
			jdbc.queryForObject("select set_config('app.tenant_id', 'acme', true)", String.class);
			return jdbc.queryForObject("select count(*) from projects", Long.class);
		});
		return (count != null) ? count : -1;
	}

}
