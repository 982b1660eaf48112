package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Finds out whether a DataSource's connections share PostgreSQL sessions, as they do behind PgBouncer (or any
 * proxy) in transaction or statement pooling mode, where each transaction runs on whichever server connection
 * is free.
 * <p>
 * Two client connections, open at the same time, each run a few one-statement transactions asking for
 * {@code pg_backend_pid()}, in the order A, B, B, A, A, B, A, B. Connected to PostgreSQL itself, or through a
 * session-pooling proxy, every client connection keeps one backend for its life and no two open connections
 * share one, so neither can happen:
 * <ul>
 * <li>one client connection sees two backends: its session changed between transactions;</li>
 * <li>both client connections see the same backend: they share a session.</li>
 * </ul>
 * A transaction pooler shows one or the other: reusing its most recently freed server connection (PgBouncer's
 * default) hands B the backend A just ran on; rotating them ({@code server_round_robin}) moves B's second
 * transaction to another backend. The probe never reports sharing where there is none; it can miss it only
 * when a busy pooler happens to hand every transaction back its own backend.
 */
final class SessionSharingProbe {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			SessionSharingProbe.class.getClassLoader());

	/** Which client connection runs each probing transaction. */
	private static final int[] ORDER = { 0, 1, 1, 0, 0, 1, 0, 1 };

	private SessionSharingProbe() {
	}

	/**
	 * Probes the data source.
	 * @param dataSource the data source, taken two connections from (for a HikariCP pool of one connection,
	 * the second is opened beside the pool, with its URL and login)
	 * @return what showed that sessions are shared, or empty if nothing did
	 * @throws SQLException if a connection could not be taken or a probe failed
	 */
	static Optional<String> sharedSessionEvidence(DataSource dataSource) throws SQLException {
		try (Connection first = dataSource.getConnection(); Connection second = secondConnection(dataSource)) {
			Connection[] clients = { first, second };
			List<Set<Integer>> backends = List.of(new LinkedHashSet<>(), new LinkedHashSet<>());
			for (int client : ORDER) {
				backends.get(client).add(backendPid(clients[client]));
			}
			for (int client = 0; client < 2; client++) {
				if (backends.get(client).size() > 1) {
					return Optional.of("one JDBC connection ran its transactions on PostgreSQL backends "
							+ join(backends.get(client)) + ", one after the other");
				}
			}
			Set<Integer> shared = new LinkedHashSet<>(backends.get(0));
			shared.retainAll(backends.get(1));
			if (!shared.isEmpty()) {
				return Optional.of("two JDBC connections open at the same time both ran on PostgreSQL backend "
						+ join(shared));
			}
			return Optional.empty();
		}
	}

	private static int backendPid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
			rows.next();
			int pid = rows.getInt(1);
			if (!connection.getAutoCommit()) {
				// end the transaction, so that a transaction pooler may hand the session to someone else
				connection.commit();
			}
			return pid;
		}
	}

	private static Connection secondConnection(DataSource dataSource) throws SQLException {
		if (HIKARI_PRESENT) {
			Connection beside = HikariPools.connectionBesideSingleConnectionPool(dataSource);
			if (beside != null) {
				return beside;
			}
		}
		return dataSource.getConnection();
	}

	private static String join(Set<Integer> pids) {
		List<String> values = new ArrayList<>();
		pids.forEach((pid) -> values.add(Integer.toString(pid)));
		return String.join(" and ", values);
	}

	/** Kept apart so that HikariCP is only loaded when it is on the class path. */
	private static final class HikariPools {

		/**
		 * A pool of one connection would make the probe wait for its own first connection; open the second with
		 * the pool's URL and login instead.
		 */
		static @Nullable Connection connectionBesideSingleConnectionPool(DataSource dataSource) throws SQLException {
			if (!dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
				return null;
			}
			com.zaxxer.hikari.HikariDataSource pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
			if (pool.getMaximumPoolSize() > 1) {
				return null;
			}
			if (pool.getDataSource() != null) {
				return (pool.getUsername() != null)
						? pool.getDataSource().getConnection(pool.getUsername(), pool.getPassword())
						: pool.getDataSource().getConnection();
			}
			Properties properties = new Properties();
			properties.putAll(pool.getDataSourceProperties());
			if (pool.getUsername() != null) {
				properties.setProperty("user", pool.getUsername());
			}
			if (pool.getPassword() != null) {
				properties.setProperty("password", pool.getPassword());
			}
			return DriverManager.getConnection(pool.getJdbcUrl(), properties);
		}

	}

}
