package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome.Result;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant migration may build an index with {@code CREATE INDEX CONCURRENTLY}, which runs outside a transaction
 * and waits for every transaction open when it starts. Flyway's default lock on PostgreSQL is an advisory lock
 * held by a transaction on a connection of its own, so such a migration used to wait for Flyway itself, forever.
 * The timeout turns that hang into a failure; it is not a performance bound.
 */
class ConcurrentIndexMigrationIT {

	static TenancyTestDatabase db;

	JdbcTenantCatalog catalog;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(ConcurrentIndexMigrationIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyCatalog() {
		ControlPlane.dropTenants(db);
		this.catalog = new JdbcTenantCatalog(db.appDataSource(), ControlPlane.owner(db));
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void schemaTenantsAreMigratedWithAnIndexBuiltConcurrently() {
		for (int i = 1; i <= 3; i++) {
			this.catalog.register(new Tenant(TenantId.of("cic-" + i), "cic-" + i, TenantStatus.ACTIVE,
					Placement.SCHEMA), "standard");
		}
		TenantMigrationRun run = migrator().migrateAll();

		assertThat(run.failed()).isEmpty();
		assertThat(run.succeeded()).hasSize(3).allSatisfy((outcome) -> {
			assertThat(outcome.toVersion()).isEqualTo("2");
			assertThat(outcome.migrationsExecuted()).isEqualTo(2);
		});
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForList("select n.nspname from pg_index i "
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
		this.catalog.register(new Tenant(TenantId.of("half-1"), "half-1", TenantStatus.ACTIVE, Placement.SCHEMA),
				"standard");
		Tenant tenant = this.catalog.find(TenantId.of("half-1")).orElseThrow();
		TenantFlywayFactory factory = factory("classpath:db/concurrent-index-failing");
		TenantMigrator migrator = migrator(factory);
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());

		TenantMigrationOutcome failed = migrator.migrate(tenant);
		assertThat(failed.result()).isEqualTo(Result.FAILED);
		assertThat(failed.attempts()).isEqualTo(1);
		assertThat(failed.error()).contains("V2__unique_names_concurrently.sql").contains("SQL State  : 23505");
		// the half-completed change: the index the failed statement started, left invalid
		assertThat(admin.queryForObject("select i.indisvalid from pg_index i join pg_class c on c.oid = "
				+ "i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 't_half-1' and "
				+ "c.relname = 'projects_name_key'", Boolean.class)).isFalse();

		TenantMigrationOutcome reported = migrator.migrate(tenant);
		assertThat(reported.result()).isEqualTo(Result.FAILED);
		assertThat(reported.error()).contains("Detected failed migration to version 2");

		admin.execute("DROP INDEX \"t_half-1\".projects_name_key; "
				+ "UPDATE \"t_half-1\".projects SET name = 'other' WHERE id = 2");
		factory.create(tenant).repair();
		TenantMigrationOutcome migrated = migrator.migrate(tenant);
		assertThat(migrated.result()).isEqualTo(Result.SUCCEEDED);
		assertThat(migrated.toVersion()).isEqualTo("2");
		assertThat(admin.queryForList("select version || ':' || success from \"t_half-1\".flyway_schema_history "
				+ "where version is not null order by installed_rank", String.class))
			.containsExactly("1:true", "2:true");
	}

	private TenantMigrator migrator() {
		return migrator(factory("classpath:db/concurrent-index"));
	}

	private static TenantFlywayFactory factory(String location) {
		return TenantFlywayFactory.builder(ControlPlane.owner(db))
			.tenantLocations(List.of(location))
			.placeholders(Map.of())
			.build();
	}

	private TenantMigrator migrator(TenantFlywayFactory factory) {
		TenantMigrationSet migrations = TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory);
		return new TenantMigrator(this.catalog, this.catalog, factory, migrations, 2, Duration.ofMinutes(5));
	}

}
