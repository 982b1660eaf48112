package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.test.TenancyTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tenancy.jpa.routing.PlacementFixtures.queryString;
import static dev.tenancy.jpa.routing.PlacementFixtures.server;
import static dev.tenancy.jpa.routing.PlacementFixtures.serverSideConnections;
import static dev.tenancy.jpa.routing.PlacementFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 {@code DATABASE} tenants, half on each server, served by 20 pools under a budget of 40 connections:
 * every tenant is served, the budget is never overdrawn, pools evicted under churn lose no transaction in
 * flight, and idle pools are closed with their connections.
 */
class TenantPoolBudgetIT {

	private static final int TENANTS = 200;

	private static final int MAX_POOLS = 20;

	private static final int BUDGET = 40;

	private static final int WORKERS = 12;

	private static final int VISITS_PER_TENANT = 3;

	private static TenancyTestServer first;

	private static TenancyTestServer second;

	private static String prefix;

	private static List<Tenant> tenants;

	@BeforeAll
	static void createTenantDatabases() throws Exception {
		first = TenancyTestServer.first();
		second = TenancyTestServer.second();
		prefix = PlacementFixtures.uniquePrefix("tb");
		tenants = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			tenants.add(tenant("tenant-" + i, (i % 2 == 0) ? "primary" : "second", prefix + i));
		}
		CompletableFuture<Void> onFirst = CompletableFuture.runAsync(() -> first.createDatabases(databases("primary")));
		second.createDatabases(databases("second"));
		onFirst.get(60, TimeUnit.SECONDS);
	}

	@AfterAll
	static void dropTenantDatabases() throws Exception {
		if (tenants != null) {
			CompletableFuture<Void> onFirst = CompletableFuture.runAsync(() -> first.dropDatabases(databases("primary")));
			second.dropDatabases(databases("second"));
			onFirst.get(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void budgetHoldsUnderChurnNoWorkIsLostAndIdlePoolsClose() throws Exception {
		AtomicLong idleShift = new AtomicLong();
		TenantPoolLimits limits = new TenantPoolLimits(MAX_POOLS, BUDGET, 5, Duration.ofMinutes(10),
				Duration.ofSeconds(10));
		List<DatabaseServer> servers = List.of(server("primary", first), server("second", second));
		try (PooledTenantDataSources pools = new PooledTenantDataSources(servers, limits,
				() -> System.nanoTime() + idleShift.get())) {
			assertThat(limits.poolSize()).isEqualTo(2);
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			new TenantPoolMetrics(pools).bindTo(meters);
			ConcurrentLinkedQueue<Tenant> visits = shuffledVisits();
			Map<TenantId, AtomicInteger> committed = new ConcurrentHashMap<>();
			AtomicInteger mostOpenPools = new AtomicInteger();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService executor = Executors.newFixedThreadPool(WORKERS + 1);
			try {
				Future<?> sampler = executor.submit(() -> {
					while (running.get()) {
						mostOpenPools.accumulateAndGet(pools.getOpenPools(), Math::max);
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
					}
				});
				List<Future<?>> workers = new ArrayList<>();
				for (int i = 0; i < WORKERS; i++) {
					workers.add(executor.submit(() -> {
						for (Tenant tenant = visits.poll(); tenant != null; tenant = visits.poll()) {
							runTransaction(pools, tenant);
							committed.computeIfAbsent(tenant.id(), (id) -> new AtomicInteger()).incrementAndGet();
						}
						return null;
					}));
				}
				for (Future<?> worker : workers) {
					worker.get(120, TimeUnit.SECONDS);
				}
				running.set(false);
				sampler.get(10, TimeUnit.SECONDS);
			}
			finally {
				running.set(false);
				executor.shutdownNow();
			}

			assertThat(committed).as("every tenant's transactions committed").hasSize(TENANTS);
			assertThat(committed.values()).allSatisfy((count) -> assertThat(count).hasValue(VISITS_PER_TENANT));
			assertThat(pools.getPeakOpenConnections()).as("connections open at once").isLessThanOrEqualTo(BUDGET);
			assertThat(mostOpenPools.get()).isLessThanOrEqualTo(MAX_POOLS);
			assertThat(pools.getClosedPools()).as("pools closed by eviction").isGreaterThanOrEqualTo(TENANTS - MAX_POOLS);
			assertThat(pools.getConnectionsInUse()).isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> pools.getDrainingPools() == 0);
			assertThat(pools.getOpenPools()).isEqualTo(MAX_POOLS);
			assertThat(pools.getOpenConnections()).isBetween(MAX_POOLS, BUDGET);
			assertThat(meters.get("tenancy.pools.open").gauge().value()).isEqualTo(MAX_POOLS);
			assertThat(meters.get("tenancy.pools.max").gauge().value()).isEqualTo(MAX_POOLS);
			assertThat(meters.get("tenancy.pools.closed").functionCounter().count()).isEqualTo(pools.getClosedPools());
			assertThat(meters.get("tenancy.pools.connections").tag("state", "open").gauge().value())
				.isEqualTo(pools.getOpenConnections());
			assertThat(meters.get("tenancy.pools.connections").tag("state", "peak").gauge().value())
				.isEqualTo(pools.getPeakOpenConnections());
			assertThat(meters.get("tenancy.pools.connections").tag("state", "active").gauge().value()).isZero();
			assertThat(meters.get("tenancy.pools.connections").tag("state", "pending").gauge().value()).isZero();
			assertThat(meters.get("tenancy.pools.connections.budget").gauge().value()).isEqualTo(BUDGET);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> serverSideConnections(first, prefix) + serverSideConnections(second, prefix) == pools
					.getOpenConnections());

			idleShift.set(limits.idleTimeout().plusSeconds(1).toNanos());
			pools.closeIdlePools();
			assertThat(pools.getOpenPools()).isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> pools.getDrainingPools() == 0);
			assertThat(pools.getOpenConnections()).isZero();
			assertThat(meters.get("tenancy.pools.open").gauge().value()).isZero();
			assertThat(meters.get("tenancy.pools.connections").tag("state", "open").gauge().value()).isZero();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> serverSideConnections(first, prefix) + serverSideConnections(second, prefix) == 0);
		}
	}

	/**
	 * A transaction of several statements, which checks at the end that it is still the same transaction in the
	 * tenant's database: other workers evict its pool meanwhile.
	 */
	private static void runTransaction(PooledTenantDataSources pools, Tenant tenant) throws Exception {
		try (Connection connection = pools.runtimeDataSource(tenant).getConnection()) {
			connection.setAutoCommit(false);
			String transaction = queryString(connection, "select txid_current()::text");
			assertThat(queryString(connection, "select count(*) from generate_series(1, 20000)")).isEqualTo("20000");
			assertThat(queryString(connection, "select current_database() || ' ' || txid_current()"))
				.isEqualTo(tenant.databaseName() + " " + transaction);
			connection.commit();
		}
	}

	private static ConcurrentLinkedQueue<Tenant> shuffledVisits() {
		List<Tenant> visits = new ArrayList<>();
		for (int i = 0; i < VISITS_PER_TENANT; i++) {
			visits.addAll(tenants);
		}
		Collections.shuffle(visits);
		return new ConcurrentLinkedQueue<>(visits);
	}

	private static List<String> databases(String server) {
		return tenants.stream().filter((tenant) -> tenant.serverName().equals(server)).map(Tenant::databaseName).toList();
	}

}
