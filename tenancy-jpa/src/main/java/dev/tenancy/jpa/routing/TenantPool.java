package dev.tenancy.jpa.routing;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's HikariCP pool, with the bookkeeping that lets it be retired without losing in-flight work.
 * <p>
 * The pool counts the borrows in progress and the connections lent out. A retired pool hands out no new
 * connection, closes its idle ones as soon as no borrow is in progress (HikariCP would otherwise close the
 * connection it is opening for a waiting borrower, and not open another), and is passed to the closer once
 * nothing is lent out, so a connection taken before retirement stays valid until its holder closes it.
 */
final class TenantPool {

	private static final Logger logger = LoggerFactory.getLogger(TenantPool.class);

	private final Key key;

	private final HikariDataSource dataSource;

	private final Consumer<TenantPool> closer;

	private final LongSupplier clock;

	private final AtomicBoolean closing = new AtomicBoolean();

	private volatile long lastUsed;

	/** Borrows in progress. Guarded by this. */
	private int borrowing;

	/** Connections lent out and not yet returned. Guarded by this. */
	private int lent;

	/** Guarded by this. */
	private boolean retired;

	TenantPool(Key key, HikariDataSource dataSource, Consumer<TenantPool> closer, LongSupplier clock) {
		this.key = key;
		this.dataSource = dataSource;
		this.closer = closer;
		this.clock = clock;
		this.lastUsed = clock.getAsLong();
	}

	Key key() {
		return this.key;
	}

	/**
	 * Takes a connection, waiting up to the pool's connection timeout.
	 * @return the connection, which is given back when closed, or {@code null} if the pool has been retired and
	 * the caller must ask for the tenant's current pool
	 * @throws SQLException if no connection came within the timeout
	 */
	@Nullable Connection borrow() throws SQLException {
		synchronized (this) {
			if (this.retired) {
				return null;
			}
			this.borrowing++;
		}
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			return leased(connection);
		}
		finally {
			Runnable next;
			synchronized (this) {
				this.borrowing--;
				if (connection != null) {
					this.lent++;
				}
				this.lastUsed = this.clock.getAsLong();
				next = whatRetirementNeeds();
			}
			next.run();
		}
	}

	/**
	 * Stops handing out connections, and closes the pool as soon as nothing is lent out: now if nothing is.
	 */
	void retire() {
		Runnable next;
		synchronized (this) {
			if (this.retired) {
				return;
			}
			this.retired = true;
			next = whatRetirementNeeds();
		}
		next.run();
	}

	/**
	 * Whether the pool has been neither used nor lent out for the idle timeout.
	 * @param idleNanos the idle timeout
	 * @return whether it is idle
	 */
	synchronized boolean isIdle(long idleNanos) {
		return !this.retired && this.borrowing == 0 && this.lent == 0
				&& this.clock.getAsLong() - this.lastUsed >= idleNanos;
	}

	void touch() {
		this.lastUsed = this.clock.getAsLong();
	}

	int activeConnections() {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		return (pool != null && !this.dataSource.isClosed()) ? pool.getActiveConnections() : 0;
	}

	int threadsAwaitingConnection() {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		return (pool != null && !this.dataSource.isClosed()) ? pool.getThreadsAwaitingConnection() : 0;
	}

	/**
	 * Closes the pool, aborting connections still in use, and then any connection the pool opened and lost.
	 * @return whether this call closed it, rather than an earlier one
	 */
	boolean close() {
		if (!this.closing.compareAndSet(false, true)) {
			return false;
		}
		this.dataSource.close();
		if (this.dataSource.getDataSource() instanceof ConnectionBudget.Guarded guarded) {
			int lost = guarded.closeAbandoned();
			if (lost > 0) {
				logger.warn("Closed {} connection(s) that pool '{}' opened while it was being closed and did not "
						+ "close itself", lost, this.dataSource.getPoolName());
			}
		}
		return true;
	}

	private void giveBack() {
		Runnable next;
		synchronized (this) {
			this.lent--;
			this.lastUsed = this.clock.getAsLong();
			next = whatRetirementNeeds();
		}
		next.run();
	}

	/** Called holding this; the action runs after releasing it. */
	private Runnable whatRetirementNeeds() {
		if (!this.retired || this.borrowing > 0) {
			return () -> {
			};
		}
		if (this.lent == 0) {
			return () -> this.closer.accept(this);
		}
		// HikariCP keeps a returned connection of an evicted pool idle until the next borrow, which never comes
		return this::softEvictIdleConnections;
	}

	private void softEvictIdleConnections() {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null) {
			pool.softEvictConnections();
		}
	}

	private Connection leased(Connection connection) {
		AtomicBoolean returned = new AtomicBoolean();
		return (Connection) Proxy.newProxyInstance(TenantPool.class.getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					switch (method.getName()) {
						case "equals":
							return proxy == args[0];
						case "hashCode":
							return System.identityHashCode(proxy);
						case "toString":
							return "TenantPool connection of " + this.key + " (" + connection + ")";
						case "close":
							try {
								return ConnectionBudget.invoke(connection, method, args);
							}
							finally {
								if (returned.compareAndSet(false, true)) {
									giveBack();
								}
							}
						default:
							return ConnectionBudget.invoke(connection, method, args);
					}
				});
	}

	@Override
	public String toString() {
		return "TenantPool[" + this.key + "]";
	}

	/**
	 * What a pool serves: one tenant's database on one server. A tenant moved to another database or server
	 * gets a new pool; the old one goes idle and is closed.
	 *
	 * @param tenant the tenant
	 * @param server the server name
	 * @param database the database name
	 */
	record Key(TenantId tenant, String server, String database) {

		@Override
		public String toString() {
			return "tenant '" + this.tenant + "' (database '" + this.database + "' on server '" + this.server + "')";
		}

	}

}
