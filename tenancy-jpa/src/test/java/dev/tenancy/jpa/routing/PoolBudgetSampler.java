package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;

/**
 * Watches tenant pools on a thread of its own: every millisecond the pools and connections the library counts,
 * and every 100 ms the runtime role's connections to the tenant databases as the server counts them (over one
 * superuser connection of its own), keeping the highest of each since the last {@link #reset()}.
 * <p>
 * The server's count can run a little ahead of the library's: a backend leaves {@code pg_stat_activity} only
 * once it has exited, some time after the pool closed its connection and handed its permit on.
 */
final class PoolBudgetSampler implements AutoCloseable {

	private static final long SERVER_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final PooledTenantDataSources pools;

	private final Connection admin;

	private final PreparedStatement serverCount;

	private final Thread thread;

	private final AtomicInteger openPools = new AtomicInteger();

	private final AtomicInteger drainingPools = new AtomicInteger();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final AtomicInteger serverConnections = new AtomicInteger();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private volatile boolean running = true;

	/**
	 * Starts watching.
	 * @param pools the tenant pools
	 * @param server the server of the tenant databases
	 * @param databasePrefix what the tenant databases' names, and no other database's, start with
	 */
	PoolBudgetSampler(PooledTenantDataSources pools, TenancyTestServer server, String databasePrefix)
			throws SQLException {
		this.pools = pools;
		this.admin = server.adminConnection("postgres");
		this.serverCount = this.admin.prepareStatement("select count(*) from pg_stat_activity "
				+ "where usename = ? and left(datname, ?) = ?");
		this.serverCount.setString(1, TenancyTestDatabase.APP_ROLE);
		this.serverCount.setInt(2, databasePrefix.length());
		this.serverCount.setString(3, databasePrefix);
		this.thread = new Thread(this::sample, "pool-budget-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Returns the highest counts since the last reset, and starts counting afresh.
	 * @return the highest counts
	 */
	Peaks reset() {
		return new Peaks(this.openPools.getAndSet(0), this.drainingPools.getAndSet(0),
				this.openConnections.getAndSet(0), this.serverConnections.getAndSet(0));
	}

	/**
	 * Returns why sampling stopped early, if it did.
	 * @return the failure, or {@code null}
	 */
	Throwable failure() {
		return this.failure.get();
	}

	@Override
	public void close() throws Exception {
		this.running = false;
		this.thread.join(TimeUnit.SECONDS.toMillis(10));
		this.admin.close();
	}

	private void sample() {
		long nextServerSample = 0;
		try {
			while (this.running) {
				this.openPools.accumulateAndGet(this.pools.getOpenPools(), Math::max);
				this.drainingPools.accumulateAndGet(this.pools.getDrainingPools(), Math::max);
				this.openConnections.accumulateAndGet(this.pools.getOpenConnections(), Math::max);
				long now = System.nanoTime();
				if (now >= nextServerSample) {
					try (ResultSet count = this.serverCount.executeQuery()) {
						count.next();
						this.serverConnections.accumulateAndGet(count.getInt(1), Math::max);
					}
					nextServerSample = now + SERVER_EVERY_NANOS;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.failure.set(ex);
		}
	}

	/**
	 * The highest counts over a stretch of time.
	 *
	 * @param openPools pools serving tenants
	 * @param drainingPools retired pools waiting for their connections
	 * @param openConnections connections open against the budget, as the library counts them
	 * @param serverConnections the runtime role's connections to the tenant databases, as the server counts them
	 */
	record Peaks(int openPools, int drainingPools, int openConnections, int serverConnections) {

		Peaks max(Peaks other) {
			return new Peaks(Math.max(this.openPools, other.openPools),
					Math.max(this.drainingPools, other.drainingPools),
					Math.max(this.openConnections, other.openConnections),
					Math.max(this.serverConnections, other.serverConnections));
		}

	}

}
