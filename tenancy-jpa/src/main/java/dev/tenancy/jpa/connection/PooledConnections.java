package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import org.springframework.util.ClassUtils;

/**
 * What the connection layer asks of the pool and the driver beyond JDBC, each only when it is on the class path:
 * retiring a connection from its pool for good, and whether a connection is inside a transaction block.
 */
final class PooledConnections {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			PooledConnections.class.getClassLoader());

	private static final boolean PGJDBC_PRESENT = ClassUtils.isPresent("org.postgresql.core.BaseConnection",
			PooledConnections.class.getClassLoader());

	private PooledConnections() {
	}

	/**
	 * Returns a connection to its pool for good. HikariCP evicts it. For any other pool the driver's connection
	 * behind the pool's handle is closed first, so that the pool finds it closed and never hands it out again (or,
	 * if it does not check, hands out a connection that refuses every statement).
	 * @param pool the pool the connection came from
	 * @param connection the pool's handle
	 */
	static void retire(DataSource pool, Connection connection) throws SQLException {
		if (HIKARI_PRESENT && HikariEviction.evict(pool, connection)) {
			return;
		}
		try {
			if (PGJDBC_PRESENT) {
				Pgjdbc.closeDriverConnection(connection);
			}
		}
		finally {
			connection.close();
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
			pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).evictConnection(connection);
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
