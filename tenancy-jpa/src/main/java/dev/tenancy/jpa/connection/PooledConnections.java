package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;

/**
 * What the connection layer asks of the pool and the driver beyond JDBC, each only when it is on the class path:
 * retiring a connection from its pool for good, and whether a connection is inside a transaction block.
 */
final class PooledConnections {

	private static final Logger logger = LoggerFactory.getLogger(PooledConnections.class);

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			PooledConnections.class.getClassLoader());

	private static final boolean PGJDBC_PRESENT = ClassUtils.isPresent("org.postgresql.core.BaseConnection",
			PooledConnections.class.getClassLoader());

	private PooledConnections() {
	}

	/**
	 * Returns a clean connection to its pool for good, as the schema spread limit does: HikariCP evicts it, any
	 * other pool just gets it back.
	 * @param pool the pool the connection came from
	 * @param connection the pool's handle
	 */
	static void retire(DataSource pool, Connection connection) throws SQLException {
		if (HIKARI_PRESENT && HikariEviction.evict(pool, connection)) {
			return;
		}
		connection.close();
	}

	/**
	 * Returns a connection that could not be put back in a neutral state to its pool for good. HikariCP evicts
	 * it. For any other pool the driver's connection behind the pool's handle is closed first, so that the pool
	 * finds it closed and never hands it out again (or, if it does not check, hands out a connection that refuses
	 * every statement). The handle's own failure to close is logged, not thrown.
	 * @param pool the pool the connection came from
	 * @param connection the pool's handle
	 */
	static void retireUnclean(DataSource pool, Connection connection) {
		try {
			if (HIKARI_PRESENT && HikariEviction.evict(pool, connection)) {
				return;
			}
			if (PGJDBC_PRESENT) {
				Pgjdbc.closeDriverConnection(connection);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not close the driver connection behind a pool's handle", ex);
		}
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("The pool's handle of a retired connection did not close cleanly", ex);
		}
	}

	/**
	 * Returns whether PostgreSQL's driver saw the server enter a transaction block that is still open (or has
	 * failed). In autocommit only a {@code BEGIN} statement leaves one. Asks nothing of the server.
	 * @param connection the pool's handle
	 * @return whether a transaction block is open; {@code false} with another driver
	 */
	static boolean inTransactionBlock(Connection connection) throws SQLException {
		return PGJDBC_PRESENT && Pgjdbc.inTransactionBlock(connection);
	}

	/** Kept apart so that HikariCP is only loaded when it is on the class path. */
	private static final class HikariEviction {

		static boolean evict(DataSource pool, Connection connection) throws SQLException {
			if (!pool.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
				return false;
			}
			com.zaxxer.hikari.HikariDataSource hikari = pool.unwrap(com.zaxxer.hikari.HikariDataSource.class);
			// HikariCP evicts only its own handles, and only while open; anything else it ignores silently
			if (hikari.isClosed() || !connection.getClass().getName().startsWith("com.zaxxer.hikari.")) {
				return false;
			}
			hikari.evictConnection(connection);
			return true;
		}

	}

	/** Kept apart so that pgJDBC is only loaded when it is on the class path. */
	private static final class Pgjdbc {

		static boolean inTransactionBlock(Connection connection) throws SQLException {
			return connection.isWrapperFor(BaseConnection.class)
					&& connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
		}

		static void closeDriverConnection(Connection connection) throws SQLException {
			if (connection.isWrapperFor(BaseConnection.class)) {
				connection.unwrap(BaseConnection.class).close();
			}
		}

	}

}
