package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants whose migration fails only because a concurrent transaction got in its way are migrated again; any
 * other failure is not. {@code classpath:db/shared-grant} grants on the schema every tenant shares, as the sample
 * application's first migration does; {@code classpath:db/retry} fails with a chosen SQL state a chosen number of
 * times, counted by the sequence {@code retry_probe.runs}, which no rollback resets.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantMigrationRetryIT {

	static TenancyTestDatabase db;

	JdbcTemplate admin;

	JdbcTenantCatalog catalog;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantMigrationRetryIT.class);
		ControlPlane.migrate(db);
		db.executeAsAdmin("CREATE SCHEMA retry_probe AUTHORIZATION " + TenancyTestDatabase.OWNER_ROLE);
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
		new JdbcTemplate(ControlPlane.owner(db))
			.execute("DROP SEQUENCE IF EXISTS retry_probe.runs; CREATE SEQUENCE retry_probe.runs");
	}

	@Test
	void fortySchemaTenantsThatAllGrantOnTheSharedSchemaAreAllMigratedInParallel() {
		registerSchemaTenants("grant-", 40);
		TenantMigrationRun run = migrator("classpath:db/shared-grant", Map.of(), false).migrateAll();
		assertThat(run.failed()).isEmpty();
		assertThat(run.succeeded()).hasSize(40).allSatisfy((outcome) -> {
			assertThat(outcome.toVersion()).isEqualTo("1");
			assertThat(outcome.migrationsExecuted()).isEqualTo(1);
			assertThat(outcome.attempts()).isBetween(1, MigrationRetry.MAX_ATTEMPTS);
		});
		assertThat(this.catalog.findAllStates().values()).hasSize(40)
			.allSatisfy((state) -> assertThat(state.isMigratedTo("1")).isTrue());
		assertThat(this.admin.queryForObject("select count(*) from information_schema.tables where table_name = "
				+ "'projects' and table_schema like 't\\_grant-%'", Integer.class)).isEqualTo(40);
	}

	@ParameterizedTest
	@CsvSource({ "40001, could not serialize access due to concurrent update, 1",
			"40P01, deadlock detected, 1", "XX000, tuple concurrently updated, 2" })
	void aTenantFailingBecauseOfAConcurrentTransactionIsMigratedOnALaterAttempt(String sqlState, String message,
			int failures, CapturedOutput output) {
		registerSchemaTenants("retry-", 1);
		TenantMigrationRun run = migrator("classpath:db/retry", failing(failures, sqlState, message), false)
			.migrateAll();

		assertThat(run.failed()).isEmpty();
		assertThat(run.succeeded()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.attempts()).isEqualTo(failures + 1);
			assertThat(outcome.toVersion()).isEqualTo("1");
			assertThat(outcome.migrationsExecuted()).isEqualTo(1);
		});
		assertThat(runsOfTheMigration()).isEqualTo(failures + 1);
		// each failed attempt was rolled back (or the next would fail on "projects" already existing) and left no
		// row in the history
		assertThat(this.admin.queryForList("select version || ':' || success from \"t_retry-1\".flyway_schema_history "
				+ "where version is not null", String.class))
			.containsExactly("1:true");
		assertThat(this.catalog.findState(TenantId.of("retry-1"))).get().satisfies((state) -> {
			assertThat(state.isMigratedTo("1")).isTrue();
			assertThat(state.error()).isNull();
		});
		assertThat(output).contains("Migration of tenant 'retry-1' (SCHEMA) failed on attempt 1 of 5 because a "
				+ "concurrent transaction got in its way (SQL state " + sqlState + ": ERROR: " + message);
	}

	@Test
	void aTenantThatKeepsFailingBecauseOfConcurrentTransactionsFailsAfterFiveAttempts() {
		registerSchemaTenants("busy-", 1);
		TenantMigrator migrator = migrator("classpath:db/retry",
				failing(10, "40001", "could not serialize access due to concurrent update"), false);

		TenantMigrationOutcome outcome = migrator.migrate(this.catalog.find(TenantId.of("busy-1")).orElseThrow());
		assertThat(outcome.result()).isEqualTo(Result.FAILED);
		assertThat(outcome.attempts()).isEqualTo(5);
		assertThat(outcome.error()).contains("SQL State  : 40001").contains("could not serialize access");
		assertThat(runsOfTheMigration()).isEqualTo(5);
		assertThat(tableExists("t_busy-1", "projects")).isFalse();
		assertThat(this.catalog.findState(TenantId.of("busy-1"))).get().satisfies((state) -> {
			assertThat(state.state()).isEqualTo(MigrationState.FAILED);
			assertThat(state.version()).isNull();
			assertThat(state.error()).contains("could not serialize access");
		});
	}

	@ParameterizedTest
	@CsvSource({ "42501, permission denied for schema tenancy", "XX000, cache lookup failed for relation 1",
			"40003, statement completion unknown" })
	void aTenantFailingForAnyOtherReasonFailsOnceWithoutRetry(String sqlState, String message,
			CapturedOutput output) {
		registerSchemaTenants("once-", 1);
		TenantMigrationRun run = migrator("classpath:db/retry", failing(10, sqlState, message), false).migrateAll();

		assertThat(run.succeeded()).isEmpty();
		assertThat(run.failed()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.attempts()).isEqualTo(1);
			assertThat(outcome.error()).contains("SQL State  : " + sqlState).contains(message);
		});
		assertThat(runsOfTheMigration()).isEqualTo(1);
		assertThat(this.catalog.findState(TenantId.of("once-1"))).get()
			.satisfies((state) -> assertThat(state.state()).isEqualTo(MigrationState.FAILED));
		assertThat(output).doesNotContain("failed on attempt");
	}

	@Test
	void aMigrationRunOutsideATransactionIsNotRetriedEvenWhenItFailedBecauseOfAConcurrentTransaction(
			CapturedOutput output) {
		registerSchemaTenants("mixed-", 1);
		TenantMigrationRun run = migrator("classpath:db/retry-non-transactional",
				failing(10, "40P01", "deadlock detected"), true)
			.migrateAll();

		assertThat(run.failed()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.attempts()).isEqualTo(1);
			assertThat(outcome.error()).contains("SQL State  : 40P01");
		});
		assertThat(runsOfTheMigration()).isEqualTo(1);
		// what a retry would have run V1 against again: the table the failed attempt left
		assertThat(tableExists("t_mixed-1", "projects")).isTrue();
		assertThat(output).contains("Migration of tenant 'mixed-1' (SCHEMA) failed because a concurrent transaction "
				+ "got in its way, but is not retried: it did not run in a transaction");
	}

	private static Map<String, String> failing(int failures, String sqlState, String message) {
		return Map.of("failures", String.valueOf(failures), "sqlState", sqlState, "errorMessage", message);
	}

	private TenantMigrator migrator(String location, Map<String, String> placeholders, boolean mixed) {
		Map<String, String> all = new HashMap<>(placeholders);
		all.put("appRole", TenancyTestDatabase.APP_ROLE);
		TenantFlywayFactory factory = TenantFlywayFactory.builder(ControlPlane.owner(db))
			.tenantLocations(List.of(location))
			.placeholders(all)
			.customizers(List.of((tenant, configuration) -> configuration.mixed(mixed)))
			.build();
		TenantMigrationSet migrations = TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory);
		return new TenantMigrator(this.catalog, this.catalog, factory, migrations, 4, Duration.ofMinutes(5));
	}

	private void registerSchemaTenants(String prefix, int count) {
		for (int i = 1; i <= count; i++) {
			String id = prefix + ((count >= 10 && i < 10) ? "0" + i : String.valueOf(i));
			this.catalog.register(new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SCHEMA), "standard");
		}
	}

	/** How many times the DO block of {@code db/retry} ran; {@code 0} if never. */
	private long runsOfTheMigration() {
		Long runs = this.admin.queryForObject("select case when is_called then last_value else 0 end "
				+ "from retry_probe.runs", Long.class);
		return (runs != null) ? runs : 0;
	}

	private boolean tableExists(String schema, String table) {
		return Boolean.TRUE.equals(this.admin.queryForObject("select exists (select 1 from information_schema.tables "
				+ "where table_schema = ? and table_name = ?)", Boolean.class, schema, table));
	}

}
