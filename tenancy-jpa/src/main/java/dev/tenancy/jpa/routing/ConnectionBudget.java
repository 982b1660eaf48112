package dev.tenancy.jpa.routing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The hard ceiling on connections open to tenant databases: every physical connection a tenant pool opens
 * takes a permit, and gives it back when it is closed.
 * <p>
 * Pools are sized so that the open pools stay within the budget on their own; the permits also cover pools
 * that are draining after eviction, whose connections are still in use, so the budget holds even then. A pool
 * that finds no permit within the connection timeout fails to open its connection, and its tenant is reported
 * unavailable, rather than going past the budget.
 */
final class ConnectionBudget {

	private final int limit;

	private final long waitNanos;

	private final Semaphore permits;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger peak = new AtomicInteger();

	ConnectionBudget(int limit, Duration wait) {
		this.limit = limit;
		this.waitNanos = wait.toNanos();
		this.permits = new Semaphore(limit);
	}

	/**
	 * Returns a DataSource whose connections count against this budget.
	 * @param physical the DataSource that opens physical connections
	 * @return the guarded DataSource, for a pool to open its connections with
	 */
	DataSource guard(DataSource physical) {
		return new BudgetedDataSource(physical);
	}

	int limit() {
		return this.limit;
	}

	int open() {
		return this.open.get();
	}

	int peak() {
		return this.peak.get();
	}

	private void acquire() throws SQLException {
		try {
			if (!this.permits.tryAcquire(this.waitNanos, TimeUnit.NANOSECONDS)) {
				throw new ExhaustedException(this.limit);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while waiting for the tenant connection budget", ex);
		}
		int now = this.open.incrementAndGet();
		this.peak.accumulateAndGet(now, Math::max);
	}

	private void release() {
		this.open.decrementAndGet();
		this.permits.release();
	}

	private Connection counted(Connection physical) {
		AtomicBoolean released = new AtomicBoolean();
		return (Connection) Proxy.newProxyInstance(ConnectionBudget.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "equals":
							return proxy == args[0];
						case "hashCode":
							return System.identityHashCode(proxy);
						case "close":
						case "abort":
							try {
								return invoke(physical, method, args);
							}
							finally {
								if (released.compareAndSet(false, true)) {
									release();
								}
							}
						default:
							return invoke(physical, method, args);
					}
				});
	}

	static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/** Thrown to the pool when no permit came free in time. */
	static final class ExhaustedException extends SQLTransientConnectionException {

		ExhaustedException(int limit) {
			super("All " + limit + " connections of the tenant connection budget are open");
		}

	}

	private final class BudgetedDataSource extends DelegatingDataSource {

		private volatile int loginTimeout;

		BudgetedDataSource(DataSource physical) {
			super(physical);
		}

		@Override
		public Connection getConnection() throws SQLException {
			acquire();
			try {
				return counted(obtainTargetDataSource().getConnection());
			}
			catch (SQLException | RuntimeException ex) {
				release();
				throw ex;
			}
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			acquire();
			try {
				return counted(obtainTargetDataSource().getConnection(username, password));
			}
			catch (SQLException | RuntimeException ex) {
				release();
				throw ex;
			}
		}

		// The physical DataSource takes its timeouts as driver properties; HikariCP's setting is kept for it to read.
		@Override
		public void setLoginTimeout(int seconds) {
			this.loginTimeout = seconds;
		}

		@Override
		public int getLoginTimeout() {
			return this.loginTimeout;
		}

	}

}
