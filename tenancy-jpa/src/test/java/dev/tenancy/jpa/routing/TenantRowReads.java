package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.benchmark.LatencyDistribution;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;

/**
 * The transaction the DATABASE tenants benchmark measures, a one-row primary-key read, and its check: the row
 * read is the bound tenant's, from the tenant's own database. Counts every failure and wrong row instead of
 * throwing, so that a run under load finishes and reports; the test asserts the counts at the end.
 */
final class TenantRowReads {

	/** The id of every tenant's row; the tenant id, the first column of the key, tells them apart. */
	static final UUID ROW_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");

	private static final String READ = "select tenant_id, current_database() from projects where id = ?";

	private static final int KEPT_FAILURES = 5;

	private final AtomicLong transactions = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong wrongRows = new AtomicLong();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	/**
	 * Reads the tenant's row with the tenant bound, through the routing data source.
	 * @param routing the tenant-aware data source
	 * @param tenant the tenant
	 * @return how long it took, or {@code null} if it failed
	 */
	Timing asTenant(DataSource routing, Tenant tenant) {
		Timing[] timing = new Timing[1];
		TenantContext.where(tenant.id())
			.run(() -> timing[0] = read(routing, tenant.id().value(), tenant.databaseName()));
		return timing[0];
	}

	/**
	 * Reads a row from a pool whose sessions carry the tenant from the start: no routing at all.
	 * @param pool the pool
	 * @param tenantId the tenant its sessions carry
	 * @param database its database
	 * @return how long it took, or {@code null} if it failed
	 */
	Timing unrouted(DataSource pool, String tenantId, String database) {
		return read(pool, tenantId, database);
	}

	/**
	 * Reads the tenant's row over a new connection of its own, opened for this transaction and closed after:
	 * what a cold pool cannot do faster than.
	 * @param server the server of the tenant's database
	 * @param tenant the tenant
	 * @return how long it took, or {@code null} if it failed
	 */
	Timing overNewConnection(TenancyTestServer server, Tenant tenant) {
		Properties properties = new Properties();
		properties.setProperty("user", TenancyTestDatabase.APP_ROLE);
		properties.setProperty("password", TenancyTestDatabase.PASSWORD);
		// the tenant travels with the start-up packet, as cheap as it gets
		properties.setProperty("options", "-c app.tenant_id=" + tenant.id());
		String url = server.jdbcUrl(tenant.databaseName());
		return read(() -> DriverManager.getConnection(url, properties), tenant.id().value(), tenant.databaseName());
	}

	/**
	 * Runs transactions on several threads, first for a warm-up, then for the measured time.
	 * @param threads how many threads
	 * @param warmUp how long to run before measuring
	 * @param measured how long to measure
	 * @param transaction one transaction, choosing its tenant itself
	 * @return what was measured
	 */
	Load load(int threads, Duration warmUp, Duration measured, Supplier<Timing> transaction) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		long warmUpEnds = System.nanoTime() + warmUp.toNanos();
		long ends = warmUpEnds + measured.toNanos();
		long errorsBefore = this.errors.get() + this.wrongRows.get();
		try {
			List<Future<long[]>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(executor.submit(() -> {
					long[] latencies = new long[1024];
					int count = 0;
					for (long now = System.nanoTime(); now < ends; now = System.nanoTime()) {
						Timing timing = transaction.get();
						if (now >= warmUpEnds && timing != null) {
							if (count == latencies.length) {
								latencies = Arrays.copyOf(latencies, count * 2);
							}
							latencies[count++] = timing.totalNanos();
						}
					}
					return Arrays.copyOf(latencies, count);
				}));
			}
			List<long[]> perThread = new ArrayList<>();
			for (Future<long[]> result : results) {
				perThread.add(result.get());
			}
			long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
			long failed = this.errors.get() + this.wrongRows.get() - errorsBefore;
			return new Load(all.length, measured.toNanos() / 1e9,
					(all.length > 0) ? LatencyDistribution.ofNanos(all) : null, failed);
		}
		finally {
			executor.shutdownNow();
		}
	}

	long transactions() {
		return this.transactions.get();
	}

	long errors() {
		return this.errors.get();
	}

	long wrongRows() {
		return this.wrongRows.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	private Timing read(DataSource dataSource, String tenantId, String database) {
		return read(dataSource::getConnection, tenantId, database);
	}

	private Timing read(ConnectionSource source, String tenantId, String database) {
		this.transactions.incrementAndGet();
		long started = System.nanoTime();
		try (Connection connection = source.connect()) {
			long connected = System.nanoTime() - started;
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement(READ)) {
				select.setObject(1, ROW_ID);
				try (ResultSet rows = select.executeQuery()) {
					check(rows, tenantId, database);
				}
			}
			connection.commit();
			connection.setAutoCommit(true);
			return new Timing(connected, System.nanoTime() - started);
		}
		catch (SQLException | RuntimeException ex) {
			this.errors.incrementAndGet();
			keep("tenant '" + tenantId + "': " + ex);
			return null;
		}
	}

	private void check(ResultSet rows, String tenantId, String database) throws SQLException {
		String seen = null;
		if (rows.next()) {
			seen = rows.getString(1) + " in " + rows.getString(2);
			if (rows.next()) {
				seen += " and more";
			}
		}
		String expected = tenantId + " in " + database;
		if (!expected.equals(seen)) {
			this.wrongRows.incrementAndGet();
			keep("tenant '" + tenantId + "' read " + ((seen != null) ? seen : "no row") + ", expected " + expected);
		}
	}

	private void keep(String failure) {
		if (this.failures.size() < KEPT_FAILURES) {
			this.failures.add(failure);
		}
	}

	@FunctionalInterface
	private interface ConnectionSource {

		Connection connect() throws SQLException;

	}

	/**
	 * How long one transaction took.
	 *
	 * @param connectNanos taking the connection
	 * @param totalNanos all of it, from taking the connection to giving it back
	 */
	record Timing(long connectNanos, long totalNanos) {

	}

	/**
	 * What a timed run measured.
	 *
	 * @param transactions the transactions completed in the measured time
	 * @param seconds the measured time
	 * @param latency their latency, or {@code null} if none completed
	 * @param failed the transactions that failed or read a wrong row, warm-up included
	 */
	record Load(long transactions, double seconds, LatencyDistribution latency, long failed) {

		double perSecond() {
			return this.transactions / this.seconds;
		}

	}

}
