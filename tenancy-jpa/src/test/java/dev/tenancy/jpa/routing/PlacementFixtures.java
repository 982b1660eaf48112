package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;

/**
 * Tenants, servers and queries shared by the placement tests.
 */
final class PlacementFixtures {

	/** A port nothing listens on: the server of tenants whose database server is down. */
	static final String STOPPED_SERVER_URL = "jdbc:postgresql://127.0.0.1:5499/{database}";

	/** The runtime password of the stopped server, which no message may show. */
	static final String STOPPED_SERVER_PASSWORD = "s3cret-never-shown";

	private PlacementFixtures() {
	}

	static Tenant tenant(String id, String server, String database) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.DATABASE, null, server, database);
	}

	static DatabaseServer server(String name, TenancyTestServer server) {
		return new DatabaseServer(name, server.jdbcUrlTemplate(), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD, TenancyTestDatabase.OWNER_ROLE, TenancyTestDatabase.PASSWORD);
	}

	static DatabaseServer stoppedServer() {
		return new DatabaseServer("stopped", STOPPED_SERVER_URL, TenancyTestDatabase.APP_ROLE, STOPPED_SERVER_PASSWORD,
				TenancyTestDatabase.OWNER_ROLE, STOPPED_SERVER_PASSWORD);
	}

	static TenantPoolLimits limits(int maxPools, int budget, Duration connectionTimeout) {
		return new TenantPoolLimits(maxPools, budget, 5, Duration.ofMinutes(10), connectionTimeout);
	}

	/** Unique per run, so that concurrent builds on the same servers do not meet. */
	static String uniquePrefix(String hint) {
		return hint + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24) + "_";
	}

	static String queryString(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return queryString(connection, sql);
		}
	}

	static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static List<String> queryRow(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			List<String> row = new ArrayList<>();
			for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
				row.add(result.getString(i));
			}
			return row;
		}
	}

	/**
	 * Counts the runtime role's connections to databases whose names start with the prefix, as the server sees
	 * them.
	 */
	static int serverSideConnections(TenancyTestServer server, String databasePrefix) throws SQLException {
		try (Connection admin = server.adminConnection("postgres")) {
			return Integer.parseInt(queryString(admin, "select count(*) from pg_stat_activity where usename = '"
					+ TenancyTestDatabase.APP_ROLE + "' and datname like '" + databasePrefix + "%'"));
		}
	}

}
