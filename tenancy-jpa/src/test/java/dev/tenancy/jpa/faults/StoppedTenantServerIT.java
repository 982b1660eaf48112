package dev.tenancy.jpa.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.tenancy.jpa.it.StartedIsolationApplication;
import dev.tenancy.jpa.it.TenantLoad;
import dev.tenancy.jpa.it.TenantLoad.Outcome;
import dev.tenancy.jpa.routing.PooledTenantDataSources;
import dev.tenancy.jpa.routing.TenantDataSources;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestDisposableServer;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DATABASE tenant's server is stopped while the application serves four tenants under load, then started
 * again: the tenant's work fails, most of it with {@code TenantUnavailableException} (a 503) after the connection
 * timeout, while the SHARED, SCHEMA and other DATABASE tenant complete theirs all along; once the server is back
 * the tenant is served again, with no restart of the application.
 * <p>
 * initech's database is on a PostgreSQL server of this test's own ({@link TenancyTestDisposableServer}); acme
 * (SHARED), globex (SCHEMA) and umbrella (DATABASE, its own pool) are on the first test server.
 */
class StoppedTenantServerIT {

	private static final Logger logger = LoggerFactory.getLogger(StoppedTenantServerIT.class);

	private static final List<String> TENANTS = List.of("acme", "globex", "umbrella", "initech");

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	static TenancyTestDisposableServer initechServer;

	static TenancyTestDatabase db;

	static String umbrellaDatabase;

	@BeforeAll
	static void createServersAndDatabases() {
		initechServer = TenancyTestDisposableServer.create();
		initechServer.server().createDatabases(List.of("t_initech"));
		db = TenancyTestDatabase.create(StoppedTenantServerIT.class);
		umbrellaDatabase = "t_umbrella_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
		TenancyTestServer.first().createDatabases(List.of(umbrellaDatabase));
	}

	@AfterAll
	static void drop() {
		if (umbrellaDatabase != null) {
			TenancyTestServer.first().dropDatabases(List.of(umbrellaDatabase));
		}
		if (db != null) {
			db.close();
		}
		if (initechServer != null) {
			initechServer.close();
		}
	}

	@Test
	void tenantWhoseServerStopsIsUnavailableWhileOthersAreServedAndRecoversWhenItIsBack() throws Exception {
		try (StartedIsolationApplication app = StartedIsolationApplication.start(db, Map.ofEntries(
				Map.entry("tenancy.tenants.globex.placement", "SCHEMA"),
				Map.entry("tenancy.tenants.umbrella.placement", "DATABASE"),
				Map.entry("tenancy.tenants.umbrella.database", umbrellaDatabase),
				Map.entry("tenancy.tenants.initech.placement", "DATABASE"),
				Map.entry("tenancy.tenants.initech.server", "disposable"),
				Map.entry("tenancy.placement.servers.disposable.url", initechServer.server().jdbcUrlTemplate()),
				Map.entry("tenancy.placement.servers.disposable.username", TenancyTestDatabase.APP_ROLE),
				Map.entry("tenancy.placement.servers.disposable.password", TenancyTestDatabase.PASSWORD),
				Map.entry("tenancy.placement.servers.disposable.owner-username", TenancyTestDatabase.OWNER_ROLE),
				Map.entry("tenancy.placement.servers.disposable.owner-password", TenancyTestDatabase.PASSWORD),
				Map.entry("tenancy.placement.database.connection-timeout", "2s")));
				TenantLoad load = new TenantLoad(TENANTS, 2, "up", app::saveAndReadBack)) {
			for (String tenant : TENANTS) {
				load.awaitSuccesses(tenant, "up", 5, PATIENCE);
			}

			long stopping = System.nanoTime();
			initechServer.stop();
			load.phase("down");
			// initech's work fails, and keeps failing as unavailable, while the others go on
			load.awaitOutcomes("initech reported unavailable 3 times", PATIENCE,
					(all) -> count(all, "initech", "down", (o) -> StartedIsolationApplication.isTenantUnavailable(o.failure())) >= 3);
			for (String tenant : List.of("acme", "globex", "umbrella")) {
				load.awaitSuccesses(tenant, "down", 20, PATIENCE);
			}

			long starting = System.nanoTime();
			initechServer.start();
			load.phase("back");
			load.awaitSuccesses("initech", "back", 5, PATIENCE);
			load.phase("after");
			for (String tenant : TENANTS) {
				load.awaitSuccesses(tenant, "after", 10, PATIENCE);
			}
			load.close();

			List<Outcome> initechDown = load.outcomes("initech", "down");
			logger.info("initech while its server was down: {} attempts, {} unavailable, each failing after {} to {} ms; "
					+ "other failures: {}; in flight at the stop: {}; served again {} ms after the start", initechDown.size(),
					count(initechDown, (o) -> StartedIsolationApplication.isTenantUnavailable(o.failure())),
					initechDown.stream().mapToLong(Outcome::durationMillis).min().orElse(0),
					initechDown.stream().mapToLong(Outcome::durationMillis).max().orElse(0),
					failures(initechDown.stream().filter((o) -> !StartedIsolationApplication.isTenantUnavailable(o.failure()))
						.toList()),
					failures(load.outcomes("initech", "up")),
					TimeUnit.NANOSECONDS.toMillis(load.outcomes("initech", "back").stream()
						.filter(Outcome::succeeded)
						.mapToLong(Outcome::endedNanos)
						.min()
						.orElseThrow() - starting));
			// an attempt that started while the server was down may still be waiting for a connection when it is back
			assertThat(initechDown).as("initech's work that ended while its server was down")
				.filteredOn((o) -> o.endedBefore(starting))
				.isNotEmpty()
				.noneMatch(Outcome::succeeded);
			for (String tenant : List.of("acme", "globex", "umbrella")) {
				assertThat(load.outcomes(tenant, "down")).as("%s's work while initech's server was down", tenant)
					.allMatch(Outcome::succeeded);
			}
			for (String tenant : TENANTS) {
				// work in flight when the server stopped may fail; everything that ended before did not
				assertThat(load.outcomes(tenant, "up")).as("%s's work that ended before the stop", tenant)
					.filteredOn((o) -> o.endedBefore(stopping))
					.isNotEmpty()
					.allMatch(Outcome::succeeded);
				assertThat(load.outcomes(tenant, "after")).as("%s's work once initech was served again", tenant)
					.allMatch(Outcome::succeeded);
			}
			for (String tenant : List.of("acme", "globex", "umbrella")) {
				assertThat(load.outcomes(tenant, "up")).as("%s's work", tenant).allMatch(Outcome::succeeded);
			}
			assertThat(app.violations()).isEmpty();
			for (String tenant : TENANTS) {
				assertThat(app.namesSeenBy(tenant)).as("what %s sees", tenant)
					.isNotEmpty()
					.allMatch((name) -> name.startsWith(tenant + "-"));
			}
			PooledTenantDataSources pools = (PooledTenantDataSources) app.bean(TenantDataSources.class);
			assertThat(pools.getOpenConnections()).as("no permit of the budget is lost to dead connections")
				.isLessThanOrEqualTo(pools.getLimits().poolSize() * pools.getOpenPools());
		}
	}

	private static long count(List<Outcome> outcomes, String tenant, String phase, Predicate<Outcome> condition) {
		return outcomes.stream()
			.filter((o) -> o.tenant().equals(tenant) && o.phase().equals(phase))
			.filter(condition)
			.count();
	}

	/** The distinct root causes of the failures among the outcomes. */
	static List<String> failures(List<Outcome> outcomes) {
		return outcomes.stream()
			.filter((o) -> !o.succeeded())
			.map((o) -> NestedExceptionUtils.getMostSpecificCause(o.failure()).toString())
			.distinct()
			.toList();
	}

	private static long count(List<Outcome> outcomes, Predicate<Outcome> condition) {
		return outcomes.stream().filter(condition).count();
	}

}
