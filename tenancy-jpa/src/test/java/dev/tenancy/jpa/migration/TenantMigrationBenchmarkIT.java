package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.jpa.benchmark.BenchmarkResults;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a start-up run takes for 1,000 SCHEMA tenants: migrating them all once, then finding them up to date
 * from the JDBC catalog's recorded states, from one history query each over one connection (states not recorded
 * yet in the JDBC catalog, or lost with the in-memory store of the properties catalog after a restart), and, for
 * comparison, with a Flyway instance each (what the fast path avoids).
 * Reports; asserts only that the fast path creates no Flyway instance.
 * <p>
 * Run: {@code ./mvnw -B -pl tenancy-jpa verify -Dtenancy.test.excludedGroups=none -Dgroups=benchmark
 * -Dit.test=TenantMigrationBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}. With {@code -Dtenancy.benchmark.results-dir=DIR} it also writes
 * {@code DIR/schema_migrations.json} (see {@link BenchmarkResults}): the times of each run, in milliseconds, one
 * entry per round, and the onboarding times.
 */
@Tag("benchmark")
class TenantMigrationBenchmarkIT {

	private static final int TENANTS = 1_000;

	private static final int PARALLELISM = 4;

	private static final BenchmarkResults results = new BenchmarkResults("schema_migrations");

	private final AtomicInteger flywayInstances = new AtomicInteger();

	@AfterAll
	static void writeResults() throws Exception {
		results.configuration().put("tenants", TENANTS).put("parallelism", PARALLELISM).put("placement", "SCHEMA");
		results.writeIfRequested().ifPresent((file) -> System.out.println("tenant-migration-benchmark: results "
				+ "written to " + file));
	}

	@Test
	void thousandUpToDateSchemaTenants() throws Exception {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenantMigrationBenchmarkIT.class)) {
			ControlPlane.migrate(db);
			db.executeAsAdmin("insert into tenancy.tenants (id, display_name, status, placement, schema_name, "
					+ "migration_state) select 'bench-' || lpad(g::text, 4, '0'), 'Bench ' || g, 'ACTIVE', 'SCHEMA', "
					+ "'t_bench-' || lpad(g::text, 4, '0'), 'PENDING' from generate_series(1, " + TENANTS + ") g");
			JdbcTenantCatalog catalog = new JdbcTenantCatalog(db.appDataSource(), ControlPlane.owner(db));
			TenantFlywayFactory factory = TenantFlywayFactory.builder(ControlPlane.owner(db))
				.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
				.customizers(List.of((tenant, configuration) -> this.flywayInstances.incrementAndGet()))
				.build();
			TenantMigrationSet migrations = TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory);
			List<String> lines = new ArrayList<>();

			TenantMigrationRun initial = new TenantMigrator(catalog, catalog, factory, migrations, PARALLELISM,
					Duration.ofMinutes(1))
				.migrateAll();
			assertThat(initial.succeeded()).hasSize(TENANTS);
			lines.add(line("initial migration (V1, V2), Flyway per tenant", initial.durationMillis()));
			results.value("initial_migration", initial.durationMillis(), "ms");
			ArrayNode recordedRounds = results.measurement("up_to_date_jdbc_catalog_states_recorded", "ms")
				.putArray("rounds");
			ArrayNode unrecordedRounds = results.measurement("up_to_date_jdbc_catalog_states_not_recorded", "ms")
				.putArray("rounds");
			ArrayNode historyRounds = results.measurement("up_to_date_properties_catalog_states_lost", "ms")
				.putArray("rounds");
			ArrayNode flywayRounds = results.measurement("up_to_date_flyway_migrate_per_tenant", "ms")
				.putArray("rounds");

			List<Tenant> tenants = catalog.findAll();
			for (int round = 1; round <= 3; round++) {
				this.flywayInstances.set(0);
				TenantMigrationRun recorded = new TenantMigrator(catalog, catalog, factory, migrations, PARALLELISM,
						Duration.ofMinutes(1))
					.migrateAll();
				assertThat(recorded.skipped()).hasSize(TENANTS);
				assertThat(this.flywayInstances).hasValue(0);
				lines.add(line("round " + round + " up to date, states recorded in the JDBC catalog",
						recorded.durationMillis()));
				recordedRounds.add(recorded.durationMillis());

				db.executeAsAdmin("update tenancy.tenants set migration_state = 'PENDING', migration_version = null");
				TenantMigrationRun unrecorded = new TenantMigrator(catalog, catalog, factory, migrations, PARALLELISM,
						Duration.ofMinutes(1))
					.migrateAll();
				assertThat(unrecorded.skipped()).hasSize(TENANTS);
				assertThat(this.flywayInstances).hasValue(0);
				lines.add(line("round " + round + " up to date, JDBC catalog, states not recorded yet",
						unrecorded.durationMillis()));
				unrecordedRounds.add(unrecorded.durationMillis());

				TenantMigrationRun history = new TenantMigrator(new PropertiesTenantCatalog(tenants),
						new InMemoryTenantMigrationStateStore(), factory, migrations, PARALLELISM, Duration.ofMinutes(1))
					.migrateAll();
				assertThat(history.skipped()).hasSize(TENANTS);
				assertThat(this.flywayInstances).hasValue(0);
				lines.add(line("round " + round + " up to date, properties catalog, states in memory lost",
						history.durationMillis()));
				historyRounds.add(history.durationMillis());

				long started = System.nanoTime();
				flywayEach(factory, tenants);
				assertThat(this.flywayInstances).hasValue(TENANTS);
				long flywayMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
				lines.add(line("round " + round + " up to date, Flyway migrate() per tenant (no fast path)", flywayMillis));
				flywayRounds.add(flywayMillis);
			}
			lines.forEach((line) -> System.out.println("tenant-migration-benchmark: " + line));
		}
	}

	/**
	 * Onboarding one SCHEMA tenant: its catalog row, then its schema created and migrated (V1, V2), one at a time.
	 */
	@Test
	void onboardingOneSchemaTenant() throws Exception {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenantMigrationBenchmarkIT.class)) {
			ControlPlane.migrate(db);
			JdbcTenantCatalog catalog = new JdbcTenantCatalog(db.appDataSource(), ControlPlane.owner(db));
			TenantFlywayFactory factory = TenantFlywayFactory.builder(ControlPlane.owner(db))
				.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
				.build();
			TenantMigrationSet migrations = TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory);
			TenantMigrator migrator = new TenantMigrator(catalog, catalog, factory, migrations, 1, Duration.ofMinutes(1));
			List<Long> millis = new ArrayList<>();
			for (int i = 1; i <= 25; i++) {
				Tenant tenant = new Tenant(dev.tenancy.core.TenantId.of("onboard-" + i), "Onboard " + i,
						dev.tenancy.core.TenantStatus.ACTIVE, dev.tenancy.core.Placement.SCHEMA);
				long started = System.nanoTime();
				catalog.register(tenant, "free");
				migrator.migrate(tenant);
				millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
			}
			// the first few include JIT and Flyway class loading
			List<Long> steady = millis.subList(5, millis.size()).stream().sorted().toList();
			results.measurement("onboarding_one_schema_tenant", "ms")
				.put("median", steady.get(steady.size() / 2))
				.put("min", steady.get(0))
				.put("max", steady.get(steady.size() - 1))
				.put("samples", steady.size())
				.put("warm_up_samples", 5)
				.put("first", millis.get(0));
			System.out.println(String.format("tenant-onboarding-benchmark: one SCHEMA tenant (register + create schema + "
					+ "V1, V2): median %d ms, min %d ms, max %d ms over %d tenants after 5 warm-up; first %d ms",
					steady.get(steady.size() / 2), steady.get(0), steady.get(steady.size() - 1), steady.size(),
					millis.get(0)));
		}
	}

	private static void flywayEach(TenantFlywayFactory factory, List<Tenant> tenants) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(PARALLELISM);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (Tenant tenant : tenants) {
				futures.add(executor.submit(() -> factory.create(tenant).migrate()));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdown();
		}
	}

	private static String line(String what, long millis) {
		return String.format("%-70s %,7d ms  (%d SCHEMA tenants, parallelism %d)", what, millis, TENANTS, PARALLELISM);
	}

}
