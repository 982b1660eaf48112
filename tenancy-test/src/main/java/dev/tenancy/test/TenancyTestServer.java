package dev.tenancy.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server that tests create databases on, reached as a superuser: the {@linkplain #first() first
 * server}, or the {@linkplain #second() second server} that tests of {@code DATABASE} placement put tenants on
 * next to the first.
 * <p>
 * Databases created here are owned by {@value TenancyTestDatabase#OWNER_ROLE} and open to
 * {@value TenancyTestDatabase#APP_ROLE} only, the same roles (created on each server as needed) as those of
 * {@link TenancyTestDatabase}.
 * <p>
 * The second server is {@code TENANCY_TEST_SECOND_JDBC_URL} if that environment variable (or system property
 * {@code tenancy.test.second-jdbc-url}) is set, otherwise a server on {@code localhost:5433} reached as
 * {@code postgres}. When it is unreachable, {@link #second()} skips the calling test with a JUnit assumption,
 * unless {@code TENANCY_TEST_REQUIRE_SECOND_SERVER} (or system property
 * {@code tenancy.test.require-second-server}) is {@code true}, as {@code .ci/run} sets it: then it fails.
 */
public final class TenancyTestServer {

	/** The placeholder of {@link #jdbcUrlTemplate()}, where the database name goes. */
	public static final String DATABASE_PLACEHOLDER = "{database}";

	private static final String DEFAULT_SECOND_SERVER_URL = "jdbc:postgresql://localhost:5433/postgres?user=postgres";

	private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,62}");

	private static final int CREATE_PARALLELISM = 4;

	private static final int DROP_PARALLELISM = 8;

	private final String serverUrl;

	TenancyTestServer(String serverUrl) {
		this.serverUrl = serverUrl;
	}

	/**
	 * Returns the first server, the one {@link TenancyTestDatabase#create(Class)} uses:
	 * {@code TENANCY_TEST_JDBC_URL}, else a Testcontainers container when Docker is available, else
	 * {@code localhost:5432}.
	 * @return the server
	 * @throws IllegalStateException if there is none, saying what was tried
	 */
	public static TenancyTestServer first() {
		return new TenancyTestServer(TenancyTestDatabase.serverUrl());
	}

	/**
	 * Returns the second server, after checking that it accepts connections: when it does not, aborts the
	 * calling test (an assumption), or fails it when the second server is required.
	 * @return the server
	 * @throws IllegalStateException if the server is unreachable and required
	 */
	public static TenancyTestServer second() {
		TenancyTestServer server = new TenancyTestServer(secondServerUrl());
		try (Connection connection = server.connectToServer()) {
			return server;
		}
		catch (SQLException ex) {
			String problem = "The second PostgreSQL server at " + redact(server.serverUrl)
					+ " does not accept connections (" + ex.getMessage() + "). Tests that place DATABASE tenants on "
					+ "a second server need it: run .ci/run, which starts cluster 'second' on port 5433, or point "
					+ "TENANCY_TEST_SECOND_JDBC_URL at a server you can reach as a superuser.";
			if (isSecondServerRequired()) {
				throw new IllegalStateException(problem + " TENANCY_TEST_REQUIRE_SECOND_SERVER=true, so this fails "
						+ "rather than skips.", ex);
			}
			Assumptions.abort(problem + " Skipped; set TENANCY_TEST_REQUIRE_SECOND_SERVER=true to fail instead.");
			throw new IllegalStateException("unreachable", ex);
		}
	}

	/**
	 * Returns the JDBC URL of the second server's maintenance database, as configured.
	 * @return the server URL, which may carry credentials
	 */
	public static String secondServerUrl() {
		String url = setting("tenancy.test.second-jdbc-url", "TENANCY_TEST_SECOND_JDBC_URL");
		return (url != null) ? url : DEFAULT_SECOND_SERVER_URL;
	}

	/**
	 * Returns whether tests needing the second server fail, rather than skip, when it is unreachable.
	 * @return whether {@code TENANCY_TEST_REQUIRE_SECOND_SERVER} is {@code true}
	 */
	public static boolean isSecondServerRequired() {
		return "true".equalsIgnoreCase(setting("tenancy.test.require-second-server", "TENANCY_TEST_REQUIRE_SECOND_SERVER"));
	}

	/**
	 * Returns the JDBC URL of a database on this server, without credentials.
	 * @param database the database name
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		String url = withDatabase(this.serverUrl, database);
		int query = url.indexOf('?');
		return (query < 0) ? url : url.substring(0, query);
	}

	/**
	 * Returns the JDBC URL template of this server, with {@value #DATABASE_PLACEHOLDER} where the database name
	 * goes, as {@code tenancy.placement.servers.<name>.url} takes it.
	 * @return the template, without credentials
	 */
	public String jdbcUrlTemplate() {
		return jdbcUrl(DATABASE_PLACEHOLDER);
	}

	/**
	 * Creates a fresh database named after the test class on this server.
	 * @param testClass the test class
	 * @return the database, which the caller must close
	 */
	public TenancyTestDatabase createTestDatabase(Class<?> testClass) {
		return TenancyTestDatabase.create(testClass, this.serverUrl);
	}

	/**
	 * Creates empty databases (from {@code template0}) over a few parallel superuser connections, owned by
	 * {@value TenancyTestDatabase#OWNER_ROLE} and open to {@value TenancyTestDatabase#APP_ROLE}, which may also
	 * create temporary tables in them.
	 * @param names the database names: lowercase letters, digits, {@code _} and {@code -}
	 */
	public void createDatabases(Collection<String> names) {
		createDatabases(names, "template0");
	}

	/**
	 * Creates databases as copies of a template database over a few parallel superuser connections, owned by
	 * {@value TenancyTestDatabase#OWNER_ROLE} and open to {@value TenancyTestDatabase#APP_ROLE} as with
	 * {@link #createDatabases(Collection)}. Copying a small database that already holds the tenant tables is much
	 * quicker than migrating each new database.
	 * <p>
	 * PostgreSQL refuses to copy a database that has connections open: close them all first, and keep new ones
	 * out with {@code ALTER DATABASE ... WITH ALLOW_CONNECTIONS false}. The privileges on the database itself
	 * are not copied; those on the objects in it are.
	 * @param names the database names: lowercase letters, digits, {@code _} and {@code -}
	 * @param template the name of the database to copy
	 */
	public void createDatabases(Collection<String> names, String template) {
		String quotedTemplate = quote(template);
		try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
			ensureRoles(statement);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test roles on " + redact(this.serverUrl) + ": "
					+ ex.getMessage(), ex);
		}
		inParallel(names, CREATE_PARALLELISM, "create", (statement, quoted) -> {
			statement.execute("CREATE DATABASE " + quoted + " OWNER " + TenancyTestDatabase.OWNER_ROLE
					+ " TEMPLATE " + quotedTemplate);
			statement.execute("REVOKE ALL ON DATABASE " + quoted + " FROM PUBLIC");
			statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + quoted + " TO " + TenancyTestDatabase.APP_ROLE);
		});
	}

	/**
	 * Drops databases, closing their connections, over a few parallel superuser connections: each
	 * {@code DROP DATABASE} waits for a checkpoint, which parallel drops share, and which a checkpoint taken
	 * first leaves little to write.
	 * @param names the database names; missing ones are ignored
	 */
	public void dropDatabases(Collection<String> names) {
		try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
			statement.execute("CHECKPOINT");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not take a checkpoint on " + redact(this.serverUrl) + ": "
					+ ex.getMessage(), ex);
		}
		inParallel(names, DROP_PARALLELISM, "drop",
				(statement, quoted) -> statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)"));
	}

	private void inParallel(Collection<String> names, int parallelism, String what, DatabaseStatement action) {
		List<List<String>> slices = new ArrayList<>();
		for (int i = 0; i < parallelism; i++) {
			slices.add(new ArrayList<>());
		}
		int next = 0;
		for (String name : names) {
			slices.get(next++ % parallelism).add(quote(name));
		}
		ExecutorService executor = Executors.newFixedThreadPool(parallelism);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (List<String> slice : slices) {
				results.add(executor.submit(() -> {
					try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
						for (String quoted : slice) {
							action.execute(statement, quoted);
						}
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not " + what + " databases on " + redact(this.serverUrl) + ": "
					+ ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while trying to " + what + " databases", ex);
		}
		finally {
			executor.shutdown();
		}
	}

	/**
	 * Runs SQL as the superuser in one database of this server.
	 * @param database the database name
	 * @param sql the statements
	 */
	public void executeAsAdmin(String database, String sql) {
		try (Connection connection = adminConnection(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run SQL as admin in " + database + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Opens a connection to one database of this server as the superuser, the privileged view tests use to
	 * check what the restricted role cannot.
	 * @param database the database name
	 * @return the connection, which the caller must close
	 * @throws SQLException if the server refuses the connection
	 */
	public Connection adminConnection(String database) throws SQLException {
		return DriverManager.getConnection(withDatabase(this.serverUrl, database), new Properties());
	}

	@Override
	public String toString() {
		return "TenancyTestServer[" + redact(this.serverUrl) + "]";
	}

	Connection connectToServer() throws SQLException {
		Properties properties = new Properties();
		// quick answers when the server is not there, rather than the driver's 10s
		properties.setProperty("connectTimeout", "3");
		properties.setProperty("loginTimeout", "5");
		return DriverManager.getConnection(this.serverUrl, properties);
	}

	static void ensureRoles(Statement statement) throws SQLException {
		createRoleIfMissing(statement, TenancyTestDatabase.OWNER_ROLE, "NOSUPERUSER NOBYPASSRLS");
		createRoleIfMissing(statement, TenancyTestDatabase.APP_ROLE, "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
	}

	private static void createRoleIfMissing(Statement statement, String role, String attributes) throws SQLException {
		// DO blocks keep concurrent test JVMs from failing on a role another JVM just created
		statement.execute("DO $$ BEGIN CREATE ROLE " + role + " LOGIN " + attributes + " PASSWORD '"
				+ TenancyTestDatabase.PASSWORD + "'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
	}

	static String withDatabase(String serverUrl, String database) {
		int query = serverUrl.indexOf('?');
		String base = (query < 0) ? serverUrl : serverUrl.substring(0, query);
		String params = (query < 0) ? "" : serverUrl.substring(query);
		int slash = base.lastIndexOf('/');
		return base.substring(0, slash + 1) + database + params;
	}

	static String redact(String url) {
		return url.replaceAll("password=[^&]*", "password=***");
	}

	@FunctionalInterface
	private interface DatabaseStatement {

		void execute(Statement statement, String quotedName) throws SQLException;

	}

	private static String quote(String name) {
		if (!DATABASE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("invalid database name '" + name + "'");
		}
		return '"' + name + '"';
	}

	private static @Nullable String setting(String systemProperty, String environmentVariable) {
		String value = System.getProperty(systemProperty);
		if (value == null || value.isBlank()) {
			value = System.getenv(environmentVariable);
		}
		return (value == null || value.isBlank()) ? null : value;
	}

}
