package dev.tenancy.jpa.routing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
 * <p>
 * A pool that is closed while it is still opening a connection can lose it: HikariCP waits for the connections
 * it is opening only for its login timeout, then stops taking new ones, and never closes one that arrives after
 * that. Such a connection would hold its permit for good, so the pool's closer also closes, through
 * {@link Guarded#closeAbandoned()}, every connection the pool opened and has not closed, and one that arrives
 * later is closed at once.
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
	 * @return the guarded DataSource, for one pool to open its connections with
	 */
	Guarded guard(DataSource physical) {
		return new Guarded(physical);
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

	private Connection counted(Connection physical, Consumer<Connection> onRelease) {
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
									onRelease.accept((Connection) proxy);
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

	/**
	 * The DataSource one pool opens its connections with: each takes a permit until it is closed.
	 */
	final class Guarded extends DelegatingDataSource {

		/** The connections opened and not yet closed. Guarded by itself. */
		private final Set<Connection> open = new HashSet<>();

		/** Guarded by {@link #open}. */
		private boolean abandoned;

		private volatile int loginTimeout;

		Guarded(DataSource physical) {
			super(physical);
		}

		@Override
		public Connection getConnection() throws SQLException {
			return opened(() -> obtainTargetDataSource().getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return opened(() -> obtainTargetDataSource().getConnection(username, password));
		}

		private Connection opened(PhysicalConnection physical) throws SQLException {
			refuseIfAbandoned();
			acquire();
			try {
				refuseIfAbandoned();
			}
			catch (SQLException ex) {
				release();
				throw ex;
			}
			Connection connection;
			try {
				connection = physical.open();
			}
			catch (SQLException | RuntimeException ex) {
				release();
				throw ex;
			}
			Connection counted = counted(connection, (closed) -> {
				synchronized (this.open) {
					this.open.remove(closed);
				}
			});
			synchronized (this.open) {
				if (!this.abandoned) {
					this.open.add(counted);
					return counted;
				}
			}
			counted.close();
			throw new SQLException("The tenant pool was closed while this connection was being opened", "08003");
		}

		/** A closed pool's connection thread takes no permit and opens nothing: live pools need them. */
		private void refuseIfAbandoned() throws SQLException {
			synchronized (this.open) {
				if (this.abandoned) {
					throw new SQLException("The tenant pool was closed; it opens no connection", "08003");
				}
			}
		}

		/**
		 * Closes every connection opened here and not closed yet, and any opened from now on, giving their
		 * permits back. Called once the pool itself is closed: what is left is what the pool lost.
		 * @return how many connections were closed
		 */
		int closeAbandoned() {
			List<Connection> left;
			synchronized (this.open) {
				this.abandoned = true;
				left = new ArrayList<>(this.open);
			}
			for (Connection connection : left) {
				try {
					connection.close();
				}
				catch (SQLException ex) {
					// closed as far as the budget goes: its permit is back
				}
			}
			return left.size();
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

	@FunctionalInterface
	private interface PhysicalConnection {

		Connection open() throws SQLException;

	}

}
