package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.jpa.benchmark.BenchmarkReport;
import dev.tenancy.jpa.benchmark.BenchmarkResults;
import dev.tenancy.jpa.benchmark.LatencyDistribution;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.routing.TenantRowReads.Load;
import dev.tenancy.jpa.routing.TenantRowReads.Timing;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static dev.tenancy.jpa.routing.PlacementFixtures.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 {@code DATABASE} tenants, each with a real database of its own, served through the library's routing
 * ({@link TenantAwareDataSource} in front of {@link PooledTenantDataSources}, constructed with the arguments the
 * auto-configuration gives them) under a pool budget far below one pool per tenant: at most 40 pools open and 60 connections in all. With
 * {@code max-pool-size} 2, each pool still gets only its share of the budget, 60 / 40 = 1 connection; the other 20
 * are the room pools draining after eviction need while new ones open. The transaction is one primary-key read with
 * the tenant bound. Reports, one line per number prefixed {@code database-tenants-benchmark:}:
 * <ul>
 * <li>how long creating the databases took (copies of a small template database that holds the tenant tables and
 * one row per tenant) and dropping them;</li>
 * <li>the latency of a tenant's first transaction when its pool is not open and all 40 are, so that the least
 * recently used pool is closed first; how much of it is taking the connection; and, as the floor, the same
 * transaction over a new unpooled connection;</li>
 * <li>the latency of a tenant whose pool is open, and of the same transaction on one shared pool with no routing;</li>
 * <li>throughput on 8 threads for a fixed time, tenants chosen uniformly from all (almost every transaction opens a
 * pool), from a hot set of 30 (fits the 40 pools), and 90% from 5% of the tenants (50 of 1,000, more than the pools);
 * with the pools opened and closed meanwhile and the most connections open; and the shared pool's, for the
 * ratios.</li>
 * </ul>
 * Asserts correctness only, never speed: every transaction read its own tenant's row from its own database, none
 * failed, the library never held more than the budget's connections or more than the most pools, and a hot set
 * that fits the pools opened none while it ran. The databases are dropped at the end, also when the test fails; a
 * killed JVM leaves them behind, named {@code dtb_<hex>_...}.
 * <p>
 * Run: {@code ./mvnw -B -o -pl tenancy-core,tenancy-test,tenancy-jpa verify -Dtenancy.test.excludedGroups=none
 * -Dgroups=benchmark -Dit.test=DatabaseTenantsBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}. Options, as system properties: {@code tenancy.benchmark.database-tenants}
 * (1000), {@code tenancy.benchmark.max-pools} (40), {@code tenancy.benchmark.max-pool-size} (2),
 * {@code tenancy.benchmark.connection-budget} (60), {@code tenancy.benchmark.threads} (8),
 * {@code tenancy.benchmark.phase-seconds} (20, each throughput run, after a warm-up of a quarter of it, 5 s at most)
 * and {@code tenancy.benchmark.latency-samples} (300 cold transactions, and as many over new connections). With
 * {@code -Dtenancy.benchmark.results-dir=DIR} it also writes {@code DIR/database_tenants.json} (see
 * {@link BenchmarkResults}; a relative {@code DIR} is relative to {@code tenancy-jpa}). The budget, the reference
 * pool of 8 and this test's own superuser connection stay within a server's default {@code max_connections} of 100.
 * With 1,000 tenants it takes about 4 minutes on 2 cores, of which about 70 s creating the databases (8 GB) and
 * 55 s dropping them; results and what they mean are in {@code docs/placement-pools.md}.
 */
@Tag("benchmark")
class DatabaseTenantsBenchmarkIT {

	private static final int TENANTS = Integer.getInteger("tenancy.benchmark.database-tenants", 1000);

	private static final int MAX_POOLS = Integer.getInteger("tenancy.benchmark.max-pools", 40);

	private static final int MAX_POOL_SIZE = Integer.getInteger("tenancy.benchmark.max-pool-size", 2);

	private static final int BUDGET = Integer.getInteger("tenancy.benchmark.connection-budget", 60);

	private static final int THREADS = Integer.getInteger("tenancy.benchmark.threads", 8);

	private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("tenancy.benchmark.phase-seconds", 20));

	private static final Duration WARM_UP = Duration.ofMillis(Math.min(5000, PHASE.toMillis() / 4));

	private static final int LATENCY_SAMPLES = Integer.getInteger("tenancy.benchmark.latency-samples", 300);

	/** Transactions on open pools, and on the shared pool, for their latency. */
	private static final int WARM_SAMPLES = 2000;

	/** Cold transactions before the measured ones, for the JIT. */
	private static final int COLD_WARM_UP = 20;

	private static final int HOT_SET = 30;

	private static final int SKEWED_TENANTS_PERCENT = 5;

	private static final int SKEWED_REQUESTS_PERCENT = 90;

	private static final BenchmarkReport report = new BenchmarkReport("database-tenants-benchmark",
			new BenchmarkResults("database_tenants"));

	private static final List<Tenant> tenants = new ArrayList<>();

	private static final TenantRowReads reads = new TenantRowReads();

	/** The highest counts of the whole run. */
	private static PoolBudgetSampler.Peaks peaks = new PoolBudgetSampler.Peaks(0, 0, 0, 0);

	private static TenancyTestServer server;

	private static String prefix;

	private static TemplateTenantDatabases databases;

	@BeforeAll
	static void createTenantDatabases() throws Exception {
		server = TenancyTestServer.first();
		prefix = PlacementFixtures.uniquePrefix("dtb");
		int digits = Math.max(4, Integer.toString(TENANTS).length());
		for (int i = 1; i <= TENANTS; i++) {
			String number = String.format("%0" + digits + "d", i);
			tenants.add(PlacementFixtures.tenant("t-" + number, "primary", prefix + "d" + number));
		}
		databases = new TemplateTenantDatabases(server, prefix);
		databases.createTemplate("'t-' || lpad(g::text, " + digits + ", '0')", TENANTS, TenantRowReads.ROW_ID);
		long started = System.nanoTime();
		databases.copyTemplate(tenants, List.of(sharedDatabase()));
		int copies = databases.names().size() - 1;
		report.millis(String.format("created %,d databases from a template (the tenants' and the shared pool's)", copies),
				"create_databases", Duration.ofNanos(System.nanoTime() - started).toMillis())
			.put("databases", copies);
		try (Connection admin = server.adminConnection("postgres")) {
			report.results().environment().put("postgresql", queryString(admin, "show server_version"));
			long bytes = Long.parseLong(queryString(admin, "select sum(pg_database_size(datname)) from pg_database "
					+ "where left(datname, " + prefix.length() + ") = '" + prefix + "'"));
			report.count("disk used by the " + (copies + 1) + " databases, MB", "disk_used", bytes / 1_000_000, "MB");
		}
	}

	@AfterAll
	static void dropTenantDatabases() throws Exception {
		if (databases != null) {
			long started = System.nanoTime();
			databases.drop();
			report.millis("dropped " + databases.names().size() + " databases", "drop_databases",
					Duration.ofNanos(System.nanoTime() - started).toMillis())
				.put("databases", databases.names().size());
		}
		report.results().writeIfRequested().ifPresent((file) -> report.print("results written to " + file));
	}

	@Test
	void thousandDatabaseTenantsUnderThePoolBudget() throws Exception {
		TenantPoolLimits limits = new TenantPoolLimits(MAX_POOLS, BUDGET, MAX_POOL_SIZE, Duration.ofMinutes(10),
				Duration.ofSeconds(2));
		configuration(limits);
		report.print(String.format("%,d DATABASE tenants; %d pools of at most %d connection(s) each, budget %d; "
				+ "%d threads; %d s per throughput run after %d ms warm-up; load average %s", TENANTS, limits.maxPools(),
				limits.poolSize(), limits.connectionBudget(), THREADS, PHASE.toSeconds(), WARM_UP.toMillis(),
				BenchmarkResults.loadAverage()));
		Tenant first = tenants.get(0);
		PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(tenants);
		try (HikariDataSource unused = sharedPoolNeverStarted();
				HikariDataSource shared = sharedPool(first);
				PooledTenantDataSources pools = new PooledTenantDataSources(
						List.of(PlacementFixtures.server("primary", server)), limits);
				PoolBudgetSampler sampler = new PoolBudgetSampler(pools, server, prefix + "d")) {
			// as the auto-configuration wraps the application's pool: SHARED and no-tenant work go to it (none here)
			TenantAwareDataSource routing = new TenantAwareDataSource(unused, TenantConnectionMode.TRANSACTION,
					TenantAwareDataSource.DEFAULT_SETTING_NAME, () -> catalog, () -> pools);
			Supplier<Timing> onShared = () -> reads.unrouted(shared, first.id().value(), sharedDatabase());

			latencies(routing, pools, onShared);
			peaks(sampler);
			long hotSetPoolsOpened = throughputs(routing, pools, sampler, onShared);
			peaks(sampler);
			report.count("most tenant connections open at once, library's count (budget " + BUDGET + ")",
					"peak_open_connections", pools.getPeakOpenConnections(), "connections");
			report.count("most tenant connections seen by the server at once (sampled every 100 ms)",
					"peak_server_connections", peaks.serverConnections(), "connections");
			report.count("most pools open at once (sampled every ms; max-pools " + MAX_POOLS + ")", "peak_open_pools",
					peaks.openPools(), "pools");
			report.count("most retired pools draining at once", "peak_draining_pools", peaks.drainingPools(), "pools");
			report.count("transactions in all", "transactions", reads.transactions(), "transactions");
			report.count("failed transactions", "failed_transactions", reads.errors(), "transactions");
			report.count("transactions that read a wrong row", "wrong_rows", reads.wrongRows(), "transactions");
			report.print("load average at the end " + BenchmarkResults.loadAverage());

			assertThat(reads.failures()).as("failed transactions and wrong rows").isEmpty();
			assertThat(reads.errors()).isZero();
			assertThat(reads.wrongRows()).isZero();
			assertThat(sampler.failure()).as("sampling").isNull();
			assertThat(pools.getPeakOpenConnections()).as("connections open at once").isLessThanOrEqualTo(BUDGET);
			assertThat(peaks.openConnections()).as("connections open at once, sampled").isLessThanOrEqualTo(BUDGET);
			assertThat(peaks.openPools()).as("pools open at once").isLessThanOrEqualTo(MAX_POOLS);
			if (HOT_SET <= MAX_POOLS) {
				assertThat(hotSetPoolsOpened).as("pools opened for a hot set that fits the pools").isZero();
			}
			awaitDrained(pools);
			assertThat(pools.getConnectionsInUse()).isZero();
		}
	}

	/**
	 * One transaction at a time: on open pools, on the shared pool, on pools not open (each closing the least
	 * recently used one), and over new unpooled connections. Tenants are taken in order, so that the cold ones, and
	 * those read over new connections, have not been touched before.
	 */
	private static void latencies(TenantAwareDataSource routing, PooledTenantDataSources pools,
			Supplier<Timing> onShared) {
		// opens the pools of the first MAX_POOLS tenants, and gives the JIT something to do
		for (int i = 0; i < WARM_SAMPLES; i++) {
			reads.asTenant(routing, tenants.get(i % MAX_POOLS));
			onShared.get();
		}
		LatencyDistribution warm = distribution(WARM_SAMPLES,
				(i) -> reads.asTenant(routing, tenants.get(i % MAX_POOLS)));
		LatencyDistribution shared = distribution(WARM_SAMPLES, (i) -> onShared.get());
		for (int i = 0; i < COLD_WARM_UP; i++) {
			reads.asTenant(routing, tenants.get(MAX_POOLS + i));
		}
		int coldFrom = MAX_POOLS + COLD_WARM_UP;
		int samples = coldSamples();
		long[] total = new long[samples];
		long[] connect = new long[samples];
		int poolsFull = 0;
		int measured = 0;
		for (int i = 0; i < samples; i++) {
			poolsFull += (pools.getOpenPools() == MAX_POOLS) ? 1 : 0;
			Timing timing = reads.asTenant(routing, tenants.get(coldFrom + i));
			if (timing != null) {
				total[measured] = timing.totalNanos();
				connect[measured++] = timing.connectNanos();
			}
		}
		LatencyDistribution cold = measured(Arrays.copyOf(total, measured));
		LatencyDistribution coldConnection = measured(Arrays.copyOf(connect, measured));
		int floorFrom = coldFrom + samples;
		LatencyDistribution newConnection = distribution(samples,
				(i) -> reads.overNewConnection(server, tenants.get(floorFrom + i)));

		report.latency("warm pool (open), transaction", "warm_pool_transaction", warm);
		report.latency("shared pool, no routing, transaction", "shared_pool_transaction", shared);
		report.latency("cold pool (" + poolsFull + " of " + measured + " with all " + MAX_POOLS
				+ " pools open, so one closed first), first transaction", "cold_pool_first_transaction", cold);
		report.latency("cold pool, of which taking the connection", "cold_pool_connection", coldConnection);
		report.latency("new unpooled connection (floor for a cold pool), transaction", "new_connection_transaction",
				newConnection);
		report.ratio("cold pool p50 / warm pool p50", "cold_to_warm_p50", cold.p50() / warm.p50());
		report.ratio("cold pool p50 / new connection p50", "cold_to_new_connection_p50",
				cold.p50() / newConnection.p50());
		report.ratio("warm pool p50 / shared pool p50", "warm_to_shared_p50", warm.p50() / shared.p50());
	}

	/**
	 * Transactions on all threads for a fixed time: tenants chosen uniformly, from a hot set, skewed, and the shared
	 * pool.
	 * @return how many pools the hot set opened while measured
	 */
	private static long throughputs(TenantAwareDataSource routing, PooledTenantDataSources pools,
			PoolBudgetSampler sampler, Supplier<Timing> onShared) throws Exception {
		Load uniform = throughput("uniform over all " + TENANTS + " tenants", "uniform", pools, sampler,
				() -> reads.asTenant(routing, tenants.get(ThreadLocalRandom.current().nextInt(TENANTS))));
		for (int i = 0; i < HOT_SET; i++) {
			reads.asTenant(routing, tenants.get(i));
		}
		long hotSetPoolsOpened = poolsCreated(pools);
		Load hot = throughput("hot set of " + HOT_SET + " tenants", "hot_set", pools, sampler,
				() -> reads.asTenant(routing, tenants.get(ThreadLocalRandom.current().nextInt(HOT_SET))));
		hotSetPoolsOpened = poolsCreated(pools) - hotSetPoolsOpened;
		int skewedTenants = Math.max(1, TENANTS * SKEWED_TENANTS_PERCENT / 100);
		Load skewed = throughput(SKEWED_REQUESTS_PERCENT + "% to " + skewedTenants + " tenants ("
				+ SKEWED_TENANTS_PERCENT + "%), the rest uniform", "skewed", pools, sampler,
				() -> reads.asTenant(routing, tenants.get(skewed(skewedTenants))));
		Load shared = throughput("shared pool of " + THREADS + ", no routing", "shared_pool", pools, sampler, onShared);
		report.ratio("uniform / shared pool throughput", "uniform_to_shared_throughput",
				uniform.perSecond() / shared.perSecond());
		report.ratio("hot set / shared pool throughput", "hot_set_to_shared_throughput",
				hot.perSecond() / shared.perSecond());
		report.ratio("skewed / shared pool throughput", "skewed_to_shared_throughput",
				skewed.perSecond() / shared.perSecond());
		return hotSetPoolsOpened;
	}

	private static Load throughput(String what, String key, PooledTenantDataSources pools, PoolBudgetSampler sampler,
			Supplier<Timing> transaction) throws Exception {
		long created = poolsCreated(pools);
		long closed = pools.getClosedPools();
		Load load = reads.load(THREADS, WARM_UP, PHASE, transaction);
		long opened = poolsCreated(pools) - created;
		closed = pools.getClosedPools() - closed;
		String label = "throughput, " + what;
		report.print(String.format("%s: %,.0f tx/s (%,d transactions in %.0f s, %d threads; load average %s)", label,
				load.perSecond(), load.transactions(), load.seconds(), THREADS, BenchmarkResults.loadAverage()));
		report.results()
			.value("throughput_" + key, load.perSecond(), "tx/s")
			.put("transactions", load.transactions())
			.put("seconds", load.seconds())
			.put("threads", THREADS);
		if (load.latency() != null) {
			report.latency(label + ", transaction", "throughput_" + key + "_latency", load.latency());
		}
		report.count(label + ", pools opened (warm-up included)", "throughput_" + key + "_pools_opened", opened, "pools");
		report.count(label + ", pools closed (warm-up included)", "throughput_" + key + "_pools_closed", closed, "pools");
		report.count(label + ", failed or wrong transactions", "throughput_" + key + "_failed", load.failed(),
				"transactions");
		PoolBudgetSampler.Peaks phase = peaks(sampler);
		report.count(label + ", most tenant connections open at once, library's count",
				"throughput_" + key + "_peak_open_connections", phase.openConnections(), "connections");
		report.count(label + ", most tenant connections seen by the server at once",
				"throughput_" + key + "_peak_server_connections", phase.serverConnections(), "connections");
		report.count(label + ", most retired pools draining at once", "throughput_" + key + "_peak_draining_pools",
				phase.drainingPools(), "pools");
		return load;
	}

	/** The highest counts since the last call, also kept for the whole run. */
	private static PoolBudgetSampler.Peaks peaks(PoolBudgetSampler sampler) {
		PoolBudgetSampler.Peaks recent = sampler.reset();
		peaks = peaks.max(recent);
		return recent;
	}

	/**
	 * Pools ever created: each is open, draining or closed. Waits for the draining ones first, which are counted
	 * twice for a moment while they close.
	 */
	private static long poolsCreated(PooledTenantDataSources pools) {
		awaitDrained(pools);
		return pools.getOpenPools() + pools.getClosedPools();
	}

	private static void awaitDrained(PooledTenantDataSources pools) {
		await().atMost(Duration.ofSeconds(60)).until(() -> pools.getDrainingPools() == 0);
	}

	/** The pool the routing data source wraps, as an application's own: never used here, so never started. */
	private static HikariDataSource sharedPoolNeverStarted() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(server.jdbcUrl(sharedDatabase()));
		pool.setUsername(TenancyTestDatabase.APP_ROLE);
		pool.setPassword(TenancyTestDatabase.PASSWORD);
		return pool;
	}

	/** One pool for the reference, whose sessions carry the first tenant from their start: no routing at all. */
	private static HikariDataSource sharedPool(Tenant tenant) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("reference");
		pool.setJdbcUrl(server.jdbcUrl(sharedDatabase()));
		pool.setUsername(TenancyTestDatabase.APP_ROLE);
		pool.setPassword(TenancyTestDatabase.PASSWORD);
		pool.setMaximumPoolSize(THREADS);
		pool.addDataSourceProperty("options", "-c app.tenant_id=" + tenant.id());
		return pool;
	}

	/** The shared pool's database, a copy of the template like the tenants'. */
	private static String sharedDatabase() {
		return prefix + "shared";
	}

	private static int skewed(int hotTenants) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (hotTenants >= TENANTS || random.nextInt(100) < SKEWED_REQUESTS_PERCENT) {
			return random.nextInt(hotTenants);
		}
		return hotTenants + random.nextInt(TENANTS - hotTenants);
	}

	/** Cold pools measured, and as many new connections: as many as there are tenants not touched before. */
	private static int coldSamples() {
		int samples = Math.min(LATENCY_SAMPLES, (TENANTS - MAX_POOLS - COLD_WARM_UP) / 2);
		assertThat(samples).as("cold samples; raise tenancy.benchmark.database-tenants").isGreaterThanOrEqualTo(10);
		return samples;
	}

	private static LatencyDistribution distribution(int samples, IntFunction<Timing> transaction) {
		long[] nanos = new long[samples];
		int measured = 0;
		for (int i = 0; i < samples; i++) {
			Timing timing = transaction.apply(i);
			if (timing != null) {
				nanos[measured++] = timing.totalNanos();
			}
		}
		return measured(Arrays.copyOf(nanos, measured));
	}

	private static LatencyDistribution measured(long[] nanos) {
		if (nanos.length == 0) {
			throw new IllegalStateException("No transaction succeeded: " + reads.failures());
		}
		return LatencyDistribution.ofNanos(nanos);
	}

	private static void configuration(TenantPoolLimits limits) {
		ObjectNode configuration = report.results().configuration();
		configuration.put("tenants", TENANTS);
		configuration.put("max_pools", limits.maxPools());
		configuration.put("max_pool_size", limits.maxPoolSize());
		configuration.put("connection_budget", limits.connectionBudget());
		configuration.put("pool_size", limits.poolSize());
		configuration.put("idle_timeout_ms", limits.idleTimeout().toMillis());
		configuration.put("connection_timeout_ms", limits.connectionTimeout().toMillis());
		configuration.put("connection_mode", TenantConnectionMode.TRANSACTION.name());
		configuration.put("transaction", "one primary-key read, tenant bound, of a table holding a row per tenant");
		configuration.put("threads", THREADS);
		configuration.put("phase_seconds", PHASE.toSeconds());
		configuration.put("warm_up_ms", WARM_UP.toMillis());
		configuration.put("cold_samples", coldSamples());
		configuration.put("warm_samples", WARM_SAMPLES);
		configuration.put("hot_set", HOT_SET);
		configuration.put("skewed_tenants_percent", SKEWED_TENANTS_PERCENT);
		configuration.put("skewed_requests_percent", SKEWED_REQUESTS_PERCENT);
		configuration.put("shared_pool_size", THREADS);
	}

}
