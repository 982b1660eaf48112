package dev.tenancy.jpa.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome.Result;
import dev.tenancy.test.TenancyTestDatabase;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The migrator against real schemas: SCHEMA tenants in the primary database, states recorded in the JDBC
 * catalog (or in memory), tenant migrations from {@code classpath:db/tenant} (V1 and V2).
 */
class TenantMigratorIT {

	static TenancyTestDatabase db;

	JdbcTemplate admin;

	JdbcTenantCatalog catalog;

	/** Counts the Flyway instances the factory creates. */
	final AtomicInteger flywayInstances = new AtomicInteger();

	TenantFlywayFactory factory;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantMigratorIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyCatalog() {
		ControlPlane.dropTenants(db);
		this.admin = new JdbcTemplate(db.adminDataSource());
		this.catalog = new JdbcTenantCatalog(db.appDataSource(), ControlPlane.owner(db));
		this.factory = TenantFlywayFactory.builder(ControlPlane.owner(db))
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.customizers(List.of((tenant, configuration) -> this.flywayInstances.incrementAndGet()))
			.build();
	}

	@Test
	void aMigrationFailingForOneTenantOfFiftyLeavesTheOtherFortyNineMigratedAndARerunAfterTheFixMigratesIt() {
		List<Tenant> tenants = registerSchemaTenants("tenant-", 50);
		asOwner("CREATE SCHEMA \"t_tenant-17\"; CREATE TABLE \"t_tenant-17\".projects (id int)");
		TenantMigrationRun first = migrator(this.catalog, this.catalog).migrateAll();
		assertThat(first.succeeded()).hasSize(49).allSatisfy((outcome) -> {
			assertThat(outcome.toVersion()).isEqualTo("2");
			assertThat(outcome.migrationsExecuted()).isEqualTo(2);
		});
		assertThat(first.failed()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.tenant()).isEqualTo("tenant-17");
			assertThat(outcome.error()).contains("non-empty schema");
		});
		assertThat(schemasWithTable("labels")).hasSize(49).doesNotContain("t_tenant-17");
		assertThat(this.catalog.findState(TenantId.of("tenant-17"))).get().satisfies((state) -> {
			assertThat(state.state()).isEqualTo(MigrationState.FAILED);
			assertThat(state.version()).isNull();
			assertThat(state.error()).contains("non-empty schema").contains("t_tenant-17");
		});
		assertThat(this.catalog.findAllStates().values()).filteredOn((state) -> state.isMigratedTo("2")).hasSize(49);

		db.executeAsAdmin("DROP TABLE \"t_tenant-17\".projects");
		TenantMigrationRun rerun = migrator(this.catalog, this.catalog).migrateAll();
		assertThat(rerun.failed()).isEmpty();
		assertThat(rerun.succeeded()).extracting(TenantMigrationOutcome::tenant).containsExactly("tenant-17");
		assertThat(rerun.skipped()).hasSize(49);
		assertThat(this.catalog.findAllStates().values()).hasSize(tenants.size())
			.allSatisfy((state) -> assertThat(state.isMigratedTo("2")).isTrue());
		assertThat(schemasWithTable("labels")).hasSize(50);
	}

	@Test
	void upToDateTenantsAreSkippedWithoutCreatingFlywayInstances() {
		registerSchemaTenants("skip-", 20);
		TenantMigrator migrator = migrator(this.catalog, this.catalog);
		assertThat(migrator.migrateAll().succeeded()).hasSize(20);
		assertThat(this.flywayInstances).hasValue(20);

		this.flywayInstances.set(0);
		TenantMigrationRun again = migrator(this.catalog, this.catalog).migrateAll();
		assertThat(again.skipped()).hasSize(20).allSatisfy((outcome) -> {
			assertThat(outcome.result()).isEqualTo(Result.SKIPPED);
			assertThat(outcome.toVersion()).isEqualTo("2");
		});
		assertThat(again.succeeded()).isEmpty();
		assertThat(this.flywayInstances).hasValue(0);

		// states lost (for example a catalog filled before the library recorded them): one history read each
		db.executeAsAdmin("update tenancy.tenants set migration_state = 'PENDING', migration_version = null");
		TenantMigrationRun fromHistory = migrator(this.catalog, this.catalog).migrateAll();
		assertThat(fromHistory.skipped()).hasSize(20);
		assertThat(this.flywayInstances).hasValue(0);
		assertThat(this.catalog.findAllStates().values()).hasSize(20)
			.allSatisfy((state) -> assertThat(state.isMigratedTo("2")).isTrue());
	}

	@Test
	void aTenantRemovedFromTheCatalogDuringARunNeitherAbortsItNorKeepsTheOthersUnrecorded() {
		registerSchemaTenants("gone-", 4);
		assertThat(migrator(this.catalog, this.catalog).migrateAll().succeeded()).hasSize(4);
		db.executeAsAdmin("update tenancy.tenants set migration_state = 'PENDING', migration_version = null");
		TenantCatalog removingOne = new TenantCatalog() {

			@Override
			public Optional<Tenant> find(TenantId id) {
				return TenantMigratorIT.this.catalog.find(id);
			}

			@Override
			public List<Tenant> findAll() {
				List<Tenant> all = TenantMigratorIT.this.catalog.findAll();
				db.executeAsAdmin("delete from tenancy.tenants where id = 'gone-3'"); // offboarded meanwhile
				return all;
			}

		};
		TenantMigrationRun run = migrator(removingOne, this.catalog).migrateAll();
		assertThat(run.failed()).isEmpty();
		assertThat(run.skipped()).hasSize(4);
		assertThat(this.catalog.findAllStates()).hasSize(3)
			.allSatisfy((id, state) -> assertThat(state.isMigratedTo("2")).isTrue());
	}

	@Test
	void withoutRecordedStatesUpToDateTenantsAreRecognizedFromTheirHistoryWithoutFlyway() {
		List<Tenant> tenants = schemaTenants("mem-", 10);
		TenantCatalog properties = new PropertiesTenantCatalog(tenants);
		assertThat(migrator(properties, new InMemoryTenantMigrationStateStore()).migrateAll().succeeded()).hasSize(10);

		// a restart: the in-memory states are gone
		this.flywayInstances.set(0);
		InMemoryTenantMigrationStateStore fresh = new InMemoryTenantMigrationStateStore();
		TenantMigrationRun afterRestart = migrator(properties, fresh).migrateAll();
		assertThat(afterRestart.skipped()).hasSize(10);
		assertThat(this.flywayInstances).hasValue(0);
		assertThat(fresh.findAllStates().values()).hasSize(10).allSatisfy((state) -> {
			assertThat(state.state()).isEqualTo(MigrationState.MIGRATED);
			assertThat(state.version()).isEqualTo("2");
		});
	}

	@Test
	void validateReportsTenantsThatAreBehindWithoutMigratingThem() {
		registerSchemaTenants("v-", 3);
		TenantMigrator migrator = migrator(this.catalog, this.catalog);
		migrator.migrate(tenant("v-1"));
		migrateSchemaTo("t_v-2", "1");
		this.flywayInstances.set(0);

		TenantMigrationRun run = migrator.validateAll();
		assertThat(run.mode()).isEqualTo(MigrationMode.VALIDATE);
		assertThat(run.skipped()).extracting(TenantMigrationOutcome::tenant).containsExactly("v-1");
		assertThat(run.failed()).extracting(TenantMigrationOutcome::tenant).containsExactly("v-2", "v-3");
		assertThat(run.failed().get(0).error()).contains("at version 1, behind version 2")
			.contains("tenancy.migration.mode=VALIDATE");
		assertThat(this.flywayInstances).hasValue(0);
		assertThat(schemasWithTable("labels")).containsExactly("t_v-1");
		assertThat(schemaExists("t_v-3")).isFalse();
		assertRecorded("v-2", MigrationState.PENDING, "1");
		assertRecorded("v-3", MigrationState.PENDING, null);
	}

	@Test
	void readinessRefusesATenantThatIsBehindAndServesItOnceMigrated() {
		registerSchemaTenants("r-", 2);
		this.catalog.register(new Tenant(TenantId.of("shared"), "Shared", TenantStatus.ACTIVE, Placement.SHARED), null);
		TenantMigrator migrator = migrator(this.catalog, this.catalog);
		migrator.migrate(tenant("r-1"));
		migrateSchemaTo("t_r-2", "1");
		migrator.validateAll();
		TenantMigrationReadiness readiness = new TenantMigrationReadiness(migrator);

		assertThat(readiness.notReadyReason(tenant("r-1"))).isEmpty();
		assertThat(readiness.notReadyReason(tenant("shared"))).isEmpty();
		assertThat(readiness.notReadyReason(tenant("r-2"))).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("Tenant 'r-2' is unavailable")
			.contains("at version 1, behind version 2")
			.contains("POST /actuator/tenancymigrations/r-2");

		assertThat(migrator.migrate(tenant("r-2")).result()).isEqualTo(Result.SUCCEEDED);
		assertThat(readiness.notReadyReason(tenant("r-2"))).isEmpty();
	}

	@Test
	void aFailedMigrationIsRolledBackAndLeavesTheTenantAtItsPreviousVersion() {
		registerSchemaTenants("f-", 1);
		migrateSchemaTo("t_f-1", "1");
		asOwner("CREATE TABLE \"t_f-1\".labels (id int)");
		TenantMigrator migrator = migrator(this.catalog, this.catalog);

		TenantMigrationRun run = migrator.migrateAll();
		assertThat(run.failed()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.fromVersion()).isEqualTo("1");
			assertThat(outcome.toVersion()).isEqualTo("1");
			assertThat(outcome.error()).contains("V2__labels.sql").contains("already exists").doesNotContain("\n");
		});
		TenantMigrationState state = this.catalog.findState(TenantId.of("f-1")).orElseThrow();
		assertThat(state.state()).isEqualTo(MigrationState.FAILED);
		assertThat(state.version()).isEqualTo("1");
		assertThat(new TenantMigrationReadiness(migrator).notReadyReason(tenant("f-1")))
			.get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("failed (it is at version 1)")
			.doesNotContain("already exists");

		db.executeAsAdmin("DROP TABLE \"t_f-1\".labels");
		assertThat(migrator.migrateAll().succeeded()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.migrationsExecuted()).isEqualTo(1));
		assertThat(this.catalog.findState(TenantId.of("f-1"))).get()
			.satisfies((migrated) -> assertThat(migrated.isMigratedTo("2")).isTrue());
	}

	@Test
	void tenantTablesAreIsolatedByRowLevelSecurityAndUsableByTheRuntimeRole() throws SQLException {
		registerSchemaTenants("rls-", 1);
		migrator(this.catalog, this.catalog).migrateAll();
		String insert = "insert into \"t_rls-1\".projects (tenant_id, id, name) values (?, ?, 'p')";
		try (Connection connection = db.appDataSource().getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement set = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
				set.setString(1, "rls-1");
				set.execute();
			}
			try (PreparedStatement own = connection.prepareStatement(insert)) {
				own.setString(1, "rls-1");
				own.setObject(2, UUID.randomUUID());
				assertThat(own.executeUpdate()).isEqualTo(1);
			}
			try (PreparedStatement other = connection.prepareStatement(insert)) {
				other.setString(1, "someone-else");
				other.setObject(2, UUID.randomUUID());
				assertThatThrownBy(other::executeUpdate).hasMessageContaining("row-level security");
			}
			connection.rollback();
		}
		assertThat(this.admin.queryForObject("select relforcerowsecurity from pg_class where oid = "
				+ "'\"t_rls-1\".projects'::regclass", Boolean.class)).isTrue();
	}

	@Test
	void schemasTheApplicationSharesAreNeverMigratedForATenant() {
		Tenant intruder = new Tenant(TenantId.of("intruder"), "Intruder", TenantStatus.ACTIVE, Placement.SCHEMA,
				"public", null, null);
		TenantMigrationRun run = migrator(new PropertiesTenantCatalog(List.of(intruder)),
				new InMemoryTenantMigrationStateStore())
			.migrateAll();
		assertThat(run.failed()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.error()).contains("'public', which the application shares"));
		assertThat(this.admin.queryForObject("select to_regclass('public.projects') is null", Boolean.class)).isTrue();
		assertThat(this.flywayInstances).hasValue(0);
	}

	/**
	 * Two replicas starting in MIGRATE mode during a rolling deployment, sharing the catalog's states: the other
	 * one migrates the tenant after this one read its version and before its Flyway run, which then applies
	 * nothing. The version recorded must be the one the schema is at, not the one read before the run.
	 */
	@Test
	void aTenantMigratedByAnotherInstanceDuringTheRunIsRecordedAtItsNewVersion() {
		registerSchemaTenants("race-", 1);
		migrateSchemaTo("t_race-1", "1");
		TenantMigrator other = migrator(this.catalog, this.catalog);
		TenantMigrator migrator = migrator(this.catalog, this.catalog, migratedMeanwhileBy(other));

		TenantMigrationRun run = migrator.migrateAll();
		assertThat(run.succeeded()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.fromVersion()).isEqualTo("1");
			assertThat(outcome.migrationsExecuted()).isZero();
			assertThat(outcome.toVersion()).isEqualTo("2");
		});
		assertRecorded("race-1", MigrationState.MIGRATED, "2");
		assertThat(new TenantMigrationReadiness(migrator).notReadyReason(tenant("race-1"))).isEmpty();
	}

	/** The same race on the per-tenant run, which starts from the recorded version rather than the history. */
	@Test
	void aTenantMigratedByAnotherInstanceDuringAForcedRunIsRecordedAtItsNewVersion() {
		registerSchemaTenants("forced-", 1);
		migrateSchemaTo("t_forced-1", "1");
		TenantMigrator other = migrator(this.catalog, this.catalog);
		other.validateAll();
		TenantMigrator migrator = migrator(this.catalog, this.catalog, migratedMeanwhileBy(other));
		assertThat(new TenantMigrationReadiness(migrator).notReadyReason(tenant("forced-1"))).isPresent();

		TenantMigrationOutcome outcome = migrator.migrate(tenant("forced-1"));
		assertThat(outcome.result()).isEqualTo(Result.SUCCEEDED);
		assertThat(outcome.migrationsExecuted()).isZero();
		assertThat(outcome.toVersion()).isEqualTo("2");
		assertRecorded("forced-1", MigrationState.MIGRATED, "2");
		assertThat(new TenantMigrationReadiness(migrator).notReadyReason(tenant("forced-1"))).isEmpty();
	}

	/** Asserts the migration state and version the catalog holds for a tenant. */
	private void assertRecorded(String tenant, MigrationState state, @Nullable String version) {
		assertThat(this.catalog.findState(TenantId.of(tenant))).get()
			.extracting(TenantMigrationState::state, TenantMigrationState::version)
			.containsExactly(state, version);
	}

	/**
	 * A factory whose first Flyway instance is created only after {@code other} migrated the tenant: the Flyway
	 * run that follows finds nothing to apply.
	 */
	private TenantFlywayFactory migratedMeanwhileBy(TenantMigrator other) {
		AtomicInteger created = new AtomicInteger();
		return TenantFlywayFactory.builder(ControlPlane.owner(db))
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.customizers(List.of((tenant, configuration) -> {
				if (created.getAndIncrement() == 0) {
					assertThat(other.migrate(tenant).toVersion()).isEqualTo("2");
				}
			}))
			.build();
	}

	@Test
	void offboardedTenantsAreLeftAlone() {
		Tenant gone = new Tenant(TenantId.of("gone"), "Gone", TenantStatus.OFFBOARDED, Placement.SCHEMA);
		TenantMigrationRun run = migrator(new PropertiesTenantCatalog(List.of(gone)),
				new InMemoryTenantMigrationStateStore())
			.migrateAll();
		assertThat(run.tenantCount()).isZero();
		assertThat(schemaExists("t_gone")).isFalse();
	}

	/**
	 * Flyway creates a missing schema, so a forced migration of a tenant being offboarded would bring back what
	 * offboarding removes; the per-tenant run and the endpoint refuse it, saying why.
	 */
	@ParameterizedTest
	@EnumSource(value = TenantStatus.class, names = { "OFFBOARDING", "OFFBOARDED" })
	void aTenantBeingOffboardedIsNeitherMigratedNorGivenItsSchemaBack(TenantStatus status) {
		Tenant leaving = new Tenant(TenantId.of("leaving"), "Leaving", status, Placement.SCHEMA);
		this.catalog.register(leaving, "standard");
		TenantMigrator migrator = migrator(this.catalog, this.catalog);

		assertThatIllegalStateException().isThrownBy(() -> migrator.migrate(leaving))
			.withMessage("Tenant 'leaving' is " + status + " and is not migrated: a migration would create its schema "
					+ "'t_leaving' again. If it is to be served again, set its status back to ACTIVE in the tenant "
					+ "catalog first, then migrate it");
		TenantMigrationsEndpoint endpoint = new TenantMigrationsEndpoint(this.catalog, this.catalog, migrator);
		assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> endpoint.migrate("leaving"))
			.satisfies((ex) -> assertThat(ex.getReason()).startsWith("Tenant 'leaving' is " + status)
				.contains("would create its schema 't_leaving' again"));

		assertThat(schemaExists("t_leaving")).isFalse();
		assertThat(this.flywayInstances).hasValue(0);
		assertThat(this.catalog.findState(TenantId.of("leaving"))).get()
			.extracting(TenantMigrationState::state)
			.as("the state it was registered with")
			.isEqualTo(MigrationState.PENDING);
	}

	/**
	 * A tenant migration may build an index with {@code CREATE INDEX CONCURRENTLY}, which runs outside a
	 * transaction and waits for every transaction open when it starts. Flyway's default lock on PostgreSQL is an
	 * advisory lock held by a transaction on a connection of its own, so such a migration used to wait for Flyway
	 * itself, forever. The timeout turns that hang into a failure; it is not a performance bound.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void schemaTenantsAreMigratedWithAnIndexBuiltConcurrently() {
		registerSchemaTenants("cic-", 3);
		TenantMigrationRun run = migrator(factory("classpath:db/concurrent-index")).migrateAll();

		assertThat(run.failed()).isEmpty();
		assertThat(run.succeeded()).hasSize(3).allSatisfy((outcome) -> {
			assertThat(outcome.toVersion()).isEqualTo("2");
			assertThat(outcome.migrationsExecuted()).isEqualTo(2);
		});
		assertThat(this.admin.queryForList("select n.nspname from pg_index i "
				+ "join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace "
				+ "where c.relname = 'projects_name_idx' and i.indisvalid order by 1", String.class))
			.containsExactly("t_cic-1", "t_cic-2", "t_cic-3");
	}

	/**
	 * What the failure-mode table of the migration docs says for a non-transactional migration that fails
	 * half-way: the next run reports the failed migration until the half-completed change is removed and the
	 * tenant's history repaired, and then migrates.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void aConcurrentIndexThatFailsHalfWayIsReportedUntilRemovedAndRepaired() {
		Tenant tenant = registerSchemaTenants("half-", 1).get(0);
		TenantFlywayFactory factory = factory("classpath:db/concurrent-index-failing");
		TenantMigrator migrator = migrator(factory);

		TenantMigrationOutcome failed = migrator.migrate(tenant);
		assertThat(failed.result()).isEqualTo(Result.FAILED);
		assertThat(failed.attempts()).isEqualTo(1);
		assertThat(failed.error()).contains("V2__unique_names_concurrently.sql").contains("SQL State  : 23505");
		// the half-completed change: the index the failed statement started, left invalid
		assertThat(this.admin.queryForObject("select i.indisvalid from pg_index i join pg_class c on c.oid = "
				+ "i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 't_half-1' and "
				+ "c.relname = 'projects_name_key'", Boolean.class)).isFalse();

		TenantMigrationOutcome reported = migrator.migrate(tenant);
		assertThat(reported.result()).isEqualTo(Result.FAILED);
		assertThat(reported.error()).contains("Detected failed migration to version 2");

		this.admin.execute("DROP INDEX \"t_half-1\".projects_name_key; "
				+ "UPDATE \"t_half-1\".projects SET name = 'other' WHERE id = 2");
		factory.create(tenant).repair();
		TenantMigrationOutcome migrated = migrator.migrate(tenant);
		assertThat(migrated.result()).isEqualTo(Result.SUCCEEDED);
		assertThat(migrated.toVersion()).isEqualTo("2");
		assertThat(this.admin.queryForList("select version || ':' || success from \"t_half-1\".flyway_schema_history "
				+ "where version is not null order by installed_rank", String.class))
			.containsExactly("1:true", "2:true");
	}

	private TenantMigrator migrator(TenantCatalog catalog, TenantMigrationStateStore store) {
		return migrator(catalog, store, this.factory);
	}

	private TenantMigrator migrator(TenantFlywayFactory factory) {
		return migrator(this.catalog, this.catalog, factory);
	}

	private static TenantMigrator migrator(TenantCatalog catalog, TenantMigrationStateStore store,
			TenantFlywayFactory factory) {
		TenantMigrationSet migrations = TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory);
		return new TenantMigrator(catalog, store, factory, migrations, 4, Duration.ofMinutes(5));
	}

	/** A factory for other tenant migrations than {@code classpath:db/tenant}. */
	private static TenantFlywayFactory factory(String location) {
		return TenantFlywayFactory.builder(ControlPlane.owner(db)).tenantLocations(List.of(location)).build();
	}

	private List<Tenant> registerSchemaTenants(String prefix, int count) {
		List<Tenant> tenants = schemaTenants(prefix, count);
		tenants.forEach((tenant) -> this.catalog.register(tenant, "standard"));
		return tenants;
	}

	private static List<Tenant> schemaTenants(String prefix, int count) {
		List<Tenant> tenants = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			String id = prefix + ((count >= 10 && i < 10) ? "0" + i : String.valueOf(i));
			tenants.add(new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SCHEMA));
		}
		return tenants;
	}

	private Tenant tenant(String id) {
		return this.catalog.find(TenantId.of(id)).orElseThrow();
	}

	/** What an older release of the application would have left: the schema migrated up to a version. */
	private void migrateSchemaTo(String schema, String version) {
		Flyway.configure()
			.dataSource(ControlPlane.owner(db))
			.schemas(schema)
			.defaultSchema(schema)
			.locations("classpath:db/tenant")
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.target(version)
			.load()
			.migrate();
	}

	private List<String> schemasWithTable(String table) {
		return this.admin.queryForList("select table_schema from information_schema.tables where table_name = ? "
				+ "and table_schema like 't\\_%' order by 1", String.class, table);
	}

	private boolean schemaExists(String schema) {
		return Boolean.TRUE.equals(this.admin.queryForObject(
				"select exists (select 1 from pg_namespace where nspname = ?)", Boolean.class, schema));
	}

	private void asOwner(String sql) {
		new JdbcTemplate(ControlPlane.owner(db)).execute(sql);
	}

}
