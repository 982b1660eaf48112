package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome.Result;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DATABASE tenants: each database gets the library's row-level security migration and the tenant migrations,
 * but never the control-plane catalog, which lives in the primary database only.
 */
class DatabaseTenantMigrationIT {

	static TenancyTestDatabase primary;

	static TestTenantDatabases databases;

	static String acmeDatabase;

	static String globexDatabase;

	@BeforeAll
	static void createDatabases() {
		primary = TenancyTestDatabase.create(DatabaseTenantMigrationIT.class);
		ControlPlane.migrate(primary);
		databases = new TestTenantDatabases();
		acmeDatabase = databases.create("acme");
		globexDatabase = databases.create("globex");
	}

	@AfterAll
	static void dropDatabases() {
		databases.close();
		primary.close();
	}

	@Test
	void eachDatabaseGetsTheRowLevelSecurityMigrationAndTheTenantMigrationsButNotTheCatalog() {
		Tenant acme = databaseTenant("acme", acmeDatabase);
		Tenant globex = databaseTenant("globex", globexDatabase);
		TenantMigrationRun run = migrator(List.of(acme, globex), databases).migrateAll();

		assertThat(run.databaseVersion()).isEqualTo("2");
		assertThat(run.failed()).isEmpty();
		// other tests may have migrated acme's database already
		assertThat(run.succeeded()).extracting(TenantMigrationOutcome::tenant).contains("globex");
		assertThat(run.tenantCount()).isEqualTo(2);
		for (String database : List.of(acmeDatabase, globexDatabase)) {
			JdbcTemplate admin = new JdbcTemplate(databases.adminDataSource(database));
			assertThat(admin.queryForList("select version from flyway_schema_history order by installed_rank",
					String.class))
				.containsExactly("0.1", "1", "2");
			assertThat(admin.queryForObject("select to_regprocedure('tenancy.enable_tenant_isolation(regclass,name)') "
					+ "is not null", Boolean.class)).isTrue();
			assertThat(admin.queryForObject("select to_regclass('tenancy.tenants') is null", Boolean.class)).isTrue();
			assertThat(admin.queryForObject("select relforcerowsecurity from pg_class where oid = 'public.labels'::regclass",
					Boolean.class)).isTrue();
		}
	}

	@Test
	void aDatabaseThatCannotBeReachedFailsOnlyItsTenant() {
		Tenant acme = databaseTenant("acme", acmeDatabase);
		Tenant missing = databaseTenant("missing", "tenancy_it_db_does_not_exist");
		TenantMigrationRun run = migrator(List.of(acme, missing), databases).migrateAll();

		assertThat(run.failed()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.tenant()).isEqualTo("missing");
			assertThat(outcome.error()).contains("tenancy_it_db_does_not_exist");
		});
		assertThat(run.succeeded().size() + run.skipped().size()).isEqualTo(1);
	}

	@Test
	void withoutTenantDataSourcesDatabaseTenantsFailWithAnActionableMessage() {
		TenantMigrationRun run = migrator(List.of(databaseTenant("acme", acmeDatabase)), null).migrateAll();

		assertThat(run.failed()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.error()).contains("DATABASE placement")
				.contains("no TenantDataSources bean"));
	}

	@Test
	void upToDateDatabasesAreSkippedAfterOneHistoryQuery() {
		Tenant acme = databaseTenant("acme", acmeDatabase);
		migrator(List.of(acme), databases).migrateAll();
		TenantMigrationRun again = migrator(List.of(acme), databases).migrateAll();

		assertThat(again.skipped()).extracting(TenantMigrationOutcome::result).containsExactly(Result.SKIPPED);
	}

	private static TenantMigrator migrator(List<Tenant> tenants, TestTenantDatabases dataSources) {
		TenantFlywayFactory factory = TenantFlywayFactory.builder(ControlPlane.owner(primary))
			.tenantDataSources(() -> dataSources)
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.build();
		return new TenantMigrator(new PropertiesTenantCatalog(tenants), new InMemoryTenantMigrationStateStore(),
				factory, TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory), 2,
				Duration.ofMinutes(1));
	}

	private static Tenant databaseTenant(String id, String database) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.DATABASE, null, null, database);
	}

}
