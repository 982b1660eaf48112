package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantUnavailableException;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tenancy.jpa.routing.PlacementFixtures.execute;
import static dev.tenancy.jpa.routing.PlacementFixtures.limits;
import static dev.tenancy.jpa.routing.PlacementFixtures.queryRow;
import static dev.tenancy.jpa.routing.PlacementFixtures.queryString;
import static dev.tenancy.jpa.routing.PlacementFixtures.server;
import static dev.tenancy.jpa.routing.PlacementFixtures.serverSideConnections;
import static dev.tenancy.jpa.routing.PlacementFixtures.stoppedServer;
import static dev.tenancy.jpa.routing.PlacementFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tenant pools on two real PostgreSQL servers, {@code primary} (the first test server) and {@code second} (the
 * second), and on a server that is not running.
 */
class PooledTenantDataSourcesIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static TenancyTestServer first;

	private static TenancyTestServer second;

	private static String prefix;

	private static Tenant acme;

	private static Tenant initech;

	private static Tenant globex;

	@BeforeAll
	static void createTenantDatabases() {
		first = TenancyTestServer.first();
		second = TenancyTestServer.second();
		prefix = PlacementFixtures.uniquePrefix("tp_it");
		acme = tenant("acme", "primary", prefix + "acme");
		initech = tenant("initech", "primary", prefix + "initech");
		globex = tenant("globex", "second", prefix + "globex");
		first.createDatabases(List.of(acme.databaseName(), initech.databaseName()));
		second.createDatabases(List.of(globex.databaseName()));
		for (Tenant tenant : List.of(acme, initech, globex)) {
			TenancyTestServer server = tenant.serverName().equals("second") ? second : first;
			server.executeAsAdmin(tenant.databaseName(), "create table marker (tenant text); insert into marker values ('"
					+ tenant.id() + "'); grant select on marker to " + TenancyTestDatabase.APP_ROLE);
		}
	}

	@AfterAll
	static void dropTenantDatabases() {
		// without a second server the class is skipped before its tenants are made, and there is nothing to drop
		if (first != null && acme != null) {
			first.dropDatabases(List.of(acme.databaseName(), initech.databaseName()));
		}
		if (second != null && globex != null) {
			second.dropDatabases(List.of(globex.databaseName()));
		}
	}

	@Test
	void createsATenantPoolOnFirstUseOnly() throws SQLException {
		try (PooledTenantDataSources pools = pools(limits(10, 20, TIMEOUT))) {
			DataSource dataSource = pools.runtimeDataSource(acme);
			assertThat(pools.getOpenPools()).isZero();
			assertThat(pools.getOpenConnections()).isZero();
			try (Connection connection = dataSource.getConnection()) {
				assertThat(queryRow(connection, "select current_database(), current_user"))
					.containsExactly(acme.databaseName(), TenancyTestDatabase.APP_ROLE);
				assertThat(pools.getOpenPools()).isOne();
				assertThat(pools.getConnectionsInUse()).isOne();
			}
			assertThat(pools.getConnectionsInUse()).isZero();
			assertThat(queryString(pools.runtimeDataSource(acme), "select current_database()"))
				.isEqualTo(acme.databaseName());
			assertThat(pools.getOpenPools()).isOne();
			assertThat(pools.getOpenConnections()).isOne();
		}
	}

	@Test
	void tenantsOnBothServersAtOnceReachOnlyTheirOwnDatabase() throws Exception {
		int firstPort = Integer.parseInt(adminQuery(first, "select inet_server_port()"));
		int secondPort = Integer.parseInt(adminQuery(second, "select inet_server_port()"));
		assertThat(firstPort).isNotEqualTo(secondPort);
		try (PooledTenantDataSources pools = pools(limits(10, 20, TIMEOUT))) {
			ExecutorService executor = Executors.newFixedThreadPool(6);
			try {
				List<Future<Integer>> results = new ArrayList<>();
				for (int worker = 0; worker < 6; worker++) {
					Tenant tenant = List.of(acme, globex, initech).get(worker % 3);
					int port = (tenant == globex) ? secondPort : firstPort;
					results.add(executor.submit(() -> {
						for (int i = 0; i < 20; i++) {
							try (Connection connection = pools.runtimeDataSource(tenant).getConnection()) {
								assertThat(queryRow(connection,
										"select current_database(), inet_server_port()::text, (select string_agg(tenant, ',') from marker)"))
									.containsExactly(tenant.databaseName(), Integer.toString(port), tenant.id().value());
							}
						}
						return 20;
					}));
				}
				for (Future<Integer> result : results) {
					assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(20);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(pools.getOpenPools()).isEqualTo(3);
		}
	}

	@Test
	void ownerDataSourceConnectsAsTheOwnerOutsideThePools() throws SQLException {
		try (PooledTenantDataSources pools = pools(limits(10, 20, TIMEOUT));
				Connection connection = pools.ownerDataSource(globex).getConnection()) {
			assertThat(queryRow(connection, "select current_database(), current_user, inet_server_port()::text"))
				.containsExactly(globex.databaseName(), TenancyTestDatabase.OWNER_ROLE,
						adminQuery(second, "select inet_server_port()::text"));
			assertThat(pools.getOpenPools()).isZero();
			assertThat(pools.getOpenConnections()).isZero();
		}
	}

	@Test
	void idlePoolsAreClosedAndTheirConnectionsWithThem() throws SQLException {
		TenantPoolLimits limits = new TenantPoolLimits(10, 20, 5, Duration.ofMillis(200), TIMEOUT);
		try (PooledTenantDataSources pools = pools(limits)) {
			queryString(pools.runtimeDataSource(acme), "select 1");
			queryString(pools.runtimeDataSource(globex), "select 1");
			assertThat(serverSideConnections(first, acme.databaseName())).isOne();
			await().atMost(Duration.ofSeconds(10)).until(() -> pools.getOpenPools() == 0 && pools.getClosedPools() == 2);
			assertThat(pools.getOpenConnections()).isZero();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> serverSideConnections(first, acme.databaseName()) == 0
						&& serverSideConnections(second, globex.databaseName()) == 0);
			assertThat(queryString(pools.runtimeDataSource(acme), "select current_database()"))
				.as("a closed pool is opened again on the next use")
				.isEqualTo(acme.databaseName());
		}
	}

	@Test
	void aPoolIsIdleOnlyAfterTheIdleTimeoutWithNoConnectionOut() throws SQLException {
		AtomicLong now = new AtomicLong();
		TenantPoolLimits limits = new TenantPoolLimits(10, 20, 5, Duration.ofMinutes(1), TIMEOUT);
		try (PooledTenantDataSources pools = new PooledTenantDataSources(servers(), limits, now::get)) {
			queryString(pools.runtimeDataSource(acme), "select 1");
			try (Connection held = pools.runtimeDataSource(globex).getConnection()) {
				now.addAndGet(Duration.ofSeconds(59).toNanos());
				pools.closeIdlePools();
				assertThat(pools.getOpenPools()).isEqualTo(2);
				now.addAndGet(Duration.ofHours(1).toNanos());
				pools.closeIdlePools();
				assertThat(pools.getOpenPools()).as("globex's pool has a connection out").isOne();
				assertThat(queryString(held, "select current_database()")).isEqualTo(globex.databaseName());
			}
			now.addAndGet(Duration.ofSeconds(59).toNanos());
			pools.closeIdlePools();
			assertThat(pools.getOpenPools()).as("idle time counts from the connection's return").isOne();
			now.addAndGet(Duration.ofSeconds(2).toNanos());
			pools.closeIdlePools();
			assertThat(pools.getOpenPools()).isZero();
		}
	}

	@Test
	void evictionWaitsForConnectionsInUseAndLosesNoWork() throws SQLException {
		try (PooledTenantDataSources pools = pools(limits(2, 4, TIMEOUT))) {
			try (Connection inFlight = pools.runtimeDataSource(acme).getConnection()) {
				inFlight.setAutoCommit(false);
				execute(inFlight, "create temp table work (step int) on commit drop; insert into work values (1)");
				queryString(pools.runtimeDataSource(globex), "select 1");
				queryString(pools.runtimeDataSource(initech), "select 1");
				assertThat(pools.getOpenPools()).isEqualTo(2);
				assertThat(pools.getDrainingPools()).as("acme's pool, least recently used, is retired").isOne();
				assertThat(queryString(pools.runtimeDataSource(acme), "select current_database()"))
					.as("acme gets a new pool meanwhile")
					.isEqualTo(acme.databaseName());
				execute(inFlight, "insert into work values (2)");
				assertThat(queryString(inFlight, "select count(*) from work")).isEqualTo("2");
				inFlight.commit();
			}
			// closing happens on the housekeeping thread; under a loaded CI machine shutting a Hikari pool down can take seconds
			await().atMost(Duration.ofSeconds(30)).until(() -> pools.getDrainingPools() == 0);
			assertThat(pools.getClosedPools()).as("acme's old pool and globex's, evicted for acme's new one").isEqualTo(2);
			assertThat(pools.getOpenConnections()).isLessThanOrEqualTo(4);
		}
	}

	@Test
	void requestWaitingForAConnectionIsServedWhenItsPoolIsRetiredMeanwhile() throws Exception {
		TenantPoolLimits limits = new TenantPoolLimits(1, 2, 1, Duration.ofMinutes(10), Duration.ofSeconds(5));
		try (PooledTenantDataSources pools = pools(limits)) {
			Connection acmeConnection = pools.runtimeDataSource(acme).getConnection();
			Connection initechConnection = pools.runtimeDataSource(initech).getConnection();
			assertThat(pools.getOpenConnections()).isEqualTo(2);
			ExecutorService executor = Executors.newFixedThreadPool(2);
			try {
				Future<String> globexWaiting = executor
					.submit(() -> queryString(pools.runtimeDataSource(globex), "select current_database()"));
				await().atMost(Duration.ofSeconds(5)).until(() -> pools.getConnectionsPending() == 1);
				Future<String> acmeAgain = executor
					.submit(() -> queryString(pools.runtimeDataSource(acme), "select current_database()"));
				await().atMost(Duration.ofSeconds(5))
					.until(() -> pools.getConnectionsPending() == 2 && pools.getDrainingPools() == 3);
				initechConnection.close();
				acmeConnection.close();
				assertThat(globexWaiting.get(10, TimeUnit.SECONDS)).isEqualTo(globex.databaseName());
				assertThat(acmeAgain.get(10, TimeUnit.SECONDS)).isEqualTo(acme.databaseName());
			}
			finally {
				initechConnection.close();
				acmeConnection.close();
				executor.shutdownNow();
			}
			// closing happens on the housekeeping thread; under a loaded CI machine shutting a Hikari pool down can take seconds
			await().atMost(Duration.ofSeconds(30)).until(() -> pools.getDrainingPools() == 0);
			assertThat(pools.getOpenPools()).isOne();
			assertThat(pools.getPeakOpenConnections()).isEqualTo(2);
		}
	}

	@Test
	void aSpentBudgetMakesTheTenantUnavailableInsteadOfOpeningMore() throws SQLException {
		try (PooledTenantDataSources pools = pools(limits(2, 2, TIMEOUT))) {
			Connection acmeConnection = pools.runtimeDataSource(acme).getConnection();
			try (Connection globexConnection = pools.runtimeDataSource(globex).getConnection()) {
				assertThatExceptionOfType(TenantUnavailableException.class)
					.isThrownBy(() -> pools.runtimeDataSource(initech).getConnection())
					.withMessage("Tenant 'initech' on server 'primary' is unavailable: all 2 connections of the "
							+ "tenant connection budget are in use; try again shortly");
				assertThat(pools.getPeakOpenConnections()).isEqualTo(2);
				acmeConnection.close();
				assertThat(queryString(pools.runtimeDataSource(initech), "select current_database()"))
					.isEqualTo(initech.databaseName());
				assertThat(queryString(globexConnection, "select current_database()")).isEqualTo(globex.databaseName());
			}
			finally {
				acmeConnection.close();
			}
			assertThat(pools.getPeakOpenConnections()).isEqualTo(2);
		}
	}

	@Test
	void stoppedServerFailsItsTenantWithinTheTimeoutWhileOtherTenantsAreServed() throws Exception {
		Tenant umbrella = tenant("umbrella", "stopped", "t_umbrella");
		try (PooledTenantDataSources pools = pools(limits(10, 20, TIMEOUT))) {
			queryString(pools.runtimeDataSource(acme), "select 1");
			queryString(pools.runtimeDataSource(globex), "select 1");
			ExecutorService executor = Executors.newFixedThreadPool(5);
			AtomicBoolean failing = new AtomicBoolean(true);
			CountDownLatch started = new CountDownLatch(2);
			try {
				List<Future<long[]>> served = new ArrayList<>();
				for (Tenant healthy : List.of(acme, globex)) {
					served.add(executor.submit(serve(pools, healthy, failing, started)));
				}
				started.await();
				List<Future<Long>> failures = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					failures.add(executor.submit(() -> {
						long start = System.nanoTime();
						assertThatExceptionOfType(TenantUnavailableException.class)
							.isThrownBy(() -> pools.runtimeDataSource(umbrella).getConnection())
							.satisfies((ex) -> {
								assertThat(ex.getTenant()).isEqualTo(umbrella.id());
								assertThat(ex.getMessage()).isEqualTo("Tenant 'umbrella' on server 'stopped' is "
										+ "unavailable: its database 't_umbrella' did not accept a connection within 1s");
								assertThat(ex).hasStackTraceContaining("5499")
									.hasStackTraceContaining("refused")
									.satisfies((trace) -> assertThat(stackTrace(trace))
										.doesNotContain(PlacementFixtures.STOPPED_SERVER_PASSWORD));
							});
						return Duration.ofNanos(System.nanoTime() - start).toMillis();
					}));
				}
				for (Future<Long> failure : failures) {
					assertThat(failure.get(10, TimeUnit.SECONDS)).as("milliseconds to the 503")
						.isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 1500);
				}
				failing.set(false);
				for (Future<long[]> result : served) {
					long[] countAndSlowest = result.get(10, TimeUnit.SECONDS);
					assertThat(countAndSlowest[0]).as("queries served meanwhile").isPositive();
					assertThat(countAndSlowest[1]).as("slowest query, in ms").isLessThan(TIMEOUT.toMillis());
				}
			}
			finally {
				failing.set(false);
				executor.shutdownNow();
			}
		}
	}

	@Test
	void tenantOnAnUnknownServerIsAClearError() {
		try (PooledTenantDataSources pools = pools(limits(10, 20, TIMEOUT))) {
			assertThatExceptionOfType(TenantUnavailableException.class)
				.isThrownBy(() -> pools.runtimeDataSource(tenant("hooli", "eu-9", "t_hooli")))
				.withMessage("Tenant 'hooli' is placed on server 'eu-9', which is not configured: add "
						+ "tenancy.placement.servers.eu-9.url, or move the tenant to one of [primary, second, stopped]");
			assertThat(pools.getOpenPools()).isZero();
		}
	}

	@Test
	void onlyDatabaseTenantsGetADataSource() {
		try (PooledTenantDataSources pools = pools(limits(10, 20, TIMEOUT))) {
			assertThatIllegalArgumentException().isThrownBy(() -> pools.runtimeDataSource(Tenant.active("shared")))
				.withMessage("Tenant 'shared' has SHARED placement; only DATABASE tenants have a database of their own");
		}
	}

	@Test
	void ownerDataSourceNeedsAnOwnerLogin() {
		DatabaseServer noOwner = new DatabaseServer("second", second.jdbcUrlTemplate(), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD, null, null);
		try (PooledTenantDataSources pools = new PooledTenantDataSources(List.of(noOwner), limits(10, 20, TIMEOUT))) {
			assertThatIllegalStateException().isThrownBy(() -> pools.ownerDataSource(globex))
				.withMessage("Server 'second' has no owner login for migrations: set "
						+ "tenancy.placement.servers.second.owner-username and owner-password");
		}
	}

	private static Callable<long[]> serve(PooledTenantDataSources pools, Tenant tenant, AtomicBoolean running,
			CountDownLatch started) {
		return () -> {
			long count = 0;
			long slowest = 0;
			started.countDown();
			while (running.get()) {
				long start = System.nanoTime();
				assertThat(queryString(pools.runtimeDataSource(tenant), "select current_database()"))
					.isEqualTo(tenant.databaseName());
				slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - start).toMillis());
				count++;
			}
			return new long[] { count, slowest };
		};
	}

	private static PooledTenantDataSources pools(TenantPoolLimits limits) {
		return new PooledTenantDataSources(servers(), limits);
	}

	private static List<DatabaseServer> servers() {
		return List.of(server("primary", first), server("second", second), stoppedServer());
	}

	private static String adminQuery(TenancyTestServer server, String sql) throws SQLException {
		try (Connection connection = server.adminConnection("postgres")) {
			return queryString(connection, sql);
		}
	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter out = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

}
