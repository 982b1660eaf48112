package dev.tenancy.benchmarks.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Creates, seeds, cleans and drops the scenarios' databases through a superuser connection. The application
 * itself connects as {@value #APP_ROLE} (not superuser, not BYPASSRLS, owns no table) and migrates as
 * {@value #OWNER_ROLE}, in every scenario.
 */
final class BenchmarkDatabases {

	static final String OWNER_ROLE = "tenancy_bench_owner";

	static final String APP_ROLE = "tenancy_bench_app";

	/** The rows the load's POST requests create, deleted after each phase that creates them. */
	static final String CREATED_NAME = "load project";

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final String host;

	private final int port;

	private final String adminUser;

	private final @Nullable String adminPassword;

	BenchmarkDatabases(String host, int port, String adminUser, @Nullable String adminPassword) {
		this.host = host;
		this.port = port;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.adminUser);
		if (this.adminPassword != null) {
			properties.setProperty("password", this.adminPassword);
		}
		properties.setProperty("reWriteBatchedInserts", "true");
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	String serverVersion() throws SQLException {
		try (Connection connection = connect("postgres")) {
			return queryString(connection, "select version()") + "; shared_buffers "
					+ queryString(connection, "show shared_buffers") + ", max_connections "
					+ queryString(connection, "show max_connections");
		}
	}

	/** Creates the owner and runtime roles if missing. */
	void ensureRoles() throws SQLException {
		try (Connection connection = connect("postgres")) {
			for (String role : List.of(OWNER_ROLE, APP_ROLE)) {
				if (queryString(connection, "select rolname from pg_roles where rolname = '" + role + "'") == null) {
					execute(connection, "CREATE ROLE " + quote(role)
							+ " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '" + role + "'");
				}
			}
		}
	}

	/** Drops and creates every database of the scenario, empty, owned by the owner role. */
	void recreate(Scenario scenario, List<String> tenants) throws SQLException {
		try (Connection connection = connect("postgres")) {
			for (String database : databases(scenario, tenants)) {
				execute(connection, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
				execute(connection, "CREATE DATABASE " + quote(database) + " OWNER " + quote(OWNER_ROLE));
				execute(connection, "REVOKE ALL ON DATABASE " + quote(database) + " FROM PUBLIC");
				execute(connection, "GRANT CONNECT ON DATABASE " + quote(database) + " TO " + quote(APP_ROLE));
			}
		}
	}

	void drop(Scenario scenario, List<String> tenants) throws SQLException {
		try (Connection connection = connect("postgres")) {
			for (String database : databases(scenario, tenants)) {
				execute(connection, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
			}
		}
	}

	/**
	 * Inserts the data set into the tables the application's migrations created, as the superuser (row-level
	 * security does not apply to it), then analyzes them.
	 */
	void seed(Scenario scenario, DataSet data) throws SQLException {
		for (Location location : locations(scenario, data.tenants())) {
			try (Connection connection = connect(location.database())) {
				connection.setAutoCommit(false);
				String table = quote(location.schema()) + ".projects";
				if (scenario == Scenario.BASELINE) {
					String tenant = data.baselineTenant();
					try (PreparedStatement insert = connection
						.prepareStatement("insert into " + table + " (id, name) values (?, ?)")) {
						List<UUID> ids = data.projectIds().get(tenant);
						for (int i = 0; i < ids.size(); i++) {
							insert.setObject(1, ids.get(i));
							insert.setString(2, DataSet.projectName(tenant, i));
							insert.addBatch();
						}
						executeBatch(insert);
					}
				}
				else {
					try (PreparedStatement insert = connection
						.prepareStatement("insert into " + table + " (tenant_id, id, name) values (?, ?, ?)")) {
						for (String tenant : location.tenants()) {
							List<UUID> ids = data.projectIds().get(tenant);
							for (int i = 0; i < ids.size(); i++) {
								insert.setString(1, tenant);
								insert.setObject(2, ids.get(i));
								insert.setString(3, DataSet.projectName(tenant, i));
								insert.addBatch();
							}
						}
						executeBatch(insert);
					}
				}
				connection.commit();
				connection.setAutoCommit(true);
				execute(connection, "VACUUM ANALYZE " + table);
			}
		}
	}

	/** Deletes the rows the load created and vacuums, so that every phase starts from the seeded data. */
	void deleteCreated(Scenario scenario, List<String> tenants) throws SQLException {
		for (Location location : locations(scenario, tenants)) {
			try (Connection connection = connect(location.database())) {
				String table = quote(location.schema()) + ".projects";
				try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where name = ?")) {
					delete.setString(1, CREATED_NAME);
					delete.executeUpdate();
				}
				execute(connection, "VACUUM ANALYZE " + table);
			}
		}
	}

	/** Counts the rows of every location, to check the seed. */
	long countRows(Scenario scenario, List<String> tenants) throws SQLException {
		long rows = 0;
		for (Location location : locations(scenario, tenants)) {
			try (Connection connection = connect(location.database())) {
				rows += Long.parseLong(
						queryString(connection, "select count(*) from " + quote(location.schema()) + ".projects"));
			}
		}
		return rows;
	}

	/**
	 * Returns whether the server's backends are processes of this machine, whose CPU time can be read: the backend
	 * serving a connection is looked up by its process id.
	 */
	boolean isLocal() {
		try (Connection connection = connect("postgres")) {
			long pid = Long.parseLong(queryString(connection, "select pg_backend_pid()"));
			return ProcessHandle.of(pid)
				.flatMap((process) -> process.info().command())
				.map((command) -> command.contains("postgres"))
				.orElse(false);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	/** The databases a scenario's application connects to. */
	static List<String> databases(Scenario scenario, List<String> tenants) {
		List<String> databases = new ArrayList<>();
		databases.add(scenario.primaryDatabase());
		if (scenario == Scenario.DATABASE) {
			tenants.forEach((tenant) -> databases.add(Scenario.tenantDatabase(tenant)));
		}
		return databases;
	}

	/** Where each scenario keeps its tenants' rows. */
	private static List<Location> locations(Scenario scenario, List<String> tenants) {
		return switch (scenario) {
			case BASELINE, HANDWRITTEN, SHARED, SHARED_AGAIN, SHARED_RLS, SHARED_NO_PLANS, SHARED_NO_TRANSLATIONS ->
				List.of(new Location(scenario.primaryDatabase(), "public", tenants));
			case SCHEMA -> tenants.stream()
				.map((tenant) -> new Location(scenario.primaryDatabase(), Scenario.tenantSchema(tenant), List.of(tenant)))
				.toList();
			case DATABASE -> tenants.stream()
				.map((tenant) -> new Location(Scenario.tenantDatabase(tenant), "public", List.of(tenant)))
				.toList();
		};
	}

	private record Location(String database, String schema, List<String> tenants) {

	}

	private static String quote(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("not a plain identifier: " + name);
		}
		return '"' + name + '"';
	}

	/** Runs a batch, reporting the first failure's cause rather than the whole batch's text. */
	private static void executeBatch(PreparedStatement statement) throws SQLException {
		try {
			statement.executeBatch();
		}
		catch (java.sql.BatchUpdateException ex) {
			SQLException cause = (ex.getNextException() != null) ? ex.getNextException() : ex;
			throw new SQLException("seeding failed: " + cause.getMessage(), cause.getSQLState());
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static @Nullable String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

}
