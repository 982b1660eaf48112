package dev.tenancy.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

/**
 * A fresh PostgreSQL database for one test class, dropped when closed.
 * <p>
 * The server is found once per JVM, in this order (the choice is logged):
 * <ol>
 * <li>{@code TENANCY_TEST_JDBC_URL} if that environment variable (or system property
 * {@code tenancy.test.jdbc-url}) is set, for example
 * {@code jdbc:postgresql://db:5432/postgres?user=postgres&password=secret};</li>
 * <li>otherwise a PostgreSQL container ({@code TENANCY_TEST_POSTGRES_IMAGE}, default {@code postgres:17}),
 * when {@code org.testcontainers:testcontainers-postgresql} is on the test class path and a Docker engine is
 * available;</li>
 * <li>otherwise a server on {@code localhost:5432} reached as {@code postgres}.</li>
 * </ol>
 * That connection must be a superuser: it creates the database and two roles shared by all test databases:
 * <ul>
 * <li>{@value #OWNER_ROLE}: owns the database and runs migrations;</li>
 * <li>{@value #APP_ROLE}: the restricted runtime role (no superuser, no {@code BYPASSRLS}, owns nothing),
 * the one isolation assertions must run as.</li>
 * </ul>
 * A database on another server, such as the second server of {@code DATABASE} placement tests, comes from
 * {@link TenancyTestServer#createTestDatabase(Class)}.
 * <p>
 * The superuser connection ({@link #adminDataSource()}) is the privileged view tests use to prove that another
 * tenant's rows exist before proving the runtime role cannot see them.
 */
public final class TenancyTestDatabase implements AutoCloseable {

	/** The role that owns test databases and runs migrations. */
	public static final String OWNER_ROLE = "tenancy_test_owner";

	/** The restricted role applications under test connect as. */
	public static final String APP_ROLE = "tenancy_test_app";

	/** The password of both roles. */
	public static final String PASSWORD = "tenancy";

	private final String serverUrl;

	private final String name;

	private final String jdbcUrl;

	private @Nullable HikariDataSource admin;

	private @Nullable HikariDataSource owner;

	private @Nullable HikariDataSource app;

	private TenancyTestDatabase(String serverUrl, String name) {
		this.serverUrl = serverUrl;
		this.name = name;
		this.jdbcUrl = TenancyTestServer.withDatabase(serverUrl, name);
	}

	/**
	 * Creates a fresh database named after the test class.
	 * @param testClass the test class
	 * @return the database, which the caller must close
	 */
	public static TenancyTestDatabase create(Class<?> testClass) {
		return create(testClass, serverUrl());
	}

	static TenancyTestDatabase create(Class<?> testClass, String serverUrl) {
		String hint = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		// 11 + 39 + 1 + 12 hex digits: at most 63 bytes, so that PostgreSQL does not truncate the name (and PgBouncer,
		// which does not, finds it)
		hint = hint.substring(0, Math.min(hint.length(), 39));
		String name = "tenancy_it_" + hint + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
		TenancyTestDatabase database = new TenancyTestDatabase(serverUrl, name);
		database.createDatabaseAndRoles();
		return database;
	}

	/**
	 * Returns the JDBC URL of the server's maintenance database, found as described above on first use.
	 * @return the server URL, which may carry credentials
	 * @throws IllegalStateException if no server is found, saying what was tried and how to point the tests at
	 * one
	 */
	public static String serverUrl() {
		return FirstServerResolver.shared().jdbcUrl();
	}

	/**
	 * Returns the database name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the JDBC URL of this database, without credentials.
	 * @return the URL
	 */
	public String jdbcUrl() {
		int query = this.jdbcUrl.indexOf('?');
		return (query < 0) ? this.jdbcUrl : this.jdbcUrl.substring(0, query);
	}

	/**
	 * Returns a pool connected as the server's superuser, the privileged view of every tenant's rows.
	 * @return the data source
	 */
	public synchronized DataSource adminDataSource() {
		if (this.admin == null) {
			this.admin = pool(null, null, 2);
		}
		return this.admin;
	}

	/**
	 * Returns a pool connected as {@value #OWNER_ROLE}, for migrations.
	 * @return the data source
	 */
	public synchronized DataSource ownerDataSource() {
		if (this.owner == null) {
			this.owner = pool(OWNER_ROLE, PASSWORD, 2);
		}
		return this.owner;
	}

	/**
	 * Returns a pool connected as the restricted role {@value #APP_ROLE}.
	 * @return the data source
	 */
	public synchronized DataSource appDataSource() {
		if (this.app == null) {
			this.app = pool(APP_ROLE, PASSWORD, 4);
		}
		return this.app;
	}

	/**
	 * Returns a new pool connected as the restricted role, of the given size.
	 * @param maximumPoolSize the maximum pool size, 1 to test connection reuse
	 * @return the pool, which the caller must close
	 */
	public HikariDataSource newAppPool(int maximumPoolSize) {
		return pool(APP_ROLE, PASSWORD, maximumPoolSize);
	}

	/**
	 * Points a Spring Boot test at this database: {@code spring.datasource.*} connect as the restricted role,
	 * {@code spring.flyway.*} migrate as the owner role.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerSpringProperties(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", () -> APP_ROLE);
		registry.add("spring.datasource.password", () -> PASSWORD);
		registry.add("spring.flyway.user", () -> OWNER_ROLE);
		registry.add("spring.flyway.password", () -> PASSWORD);
	}

	/**
	 * Runs SQL as the superuser on this database.
	 * @param sql the statements
	 */
	public void executeAsAdmin(String sql) {
		try (Connection connection = adminDataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run SQL as admin: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		for (HikariDataSource pool : new HikariDataSource[] { this.app, this.owner, this.admin }) {
			if (pool != null) {
				pool.close();
			}
		}
		try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS \"" + this.name + "\" WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop test database " + this.name, ex);
		}
	}

	private void createDatabaseAndRoles() {
		try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
			TenancyTestServer.ensureRoles(statement);
			// the name is generated from [a-z0-9_] only
			statement.execute("CREATE DATABASE \"" + this.name + "\" OWNER " + OWNER_ROLE);
			statement.execute("REVOKE ALL ON DATABASE \"" + this.name + "\" FROM PUBLIC");
			statement.execute("GRANT CONNECT ON DATABASE \"" + this.name + "\" TO " + APP_ROLE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create a test database on " + redact(this.serverUrl)
					+ ". Tenancy tests need a PostgreSQL server they can reach as a superuser: set "
					+ "TENANCY_TEST_JDBC_URL, make Docker available to Testcontainers, or start one on localhost:5432 ("
					+ ex.getMessage() + ")", ex);
		}
	}

	private Connection connectToServer() throws SQLException {
		return DriverManager.getConnection(this.serverUrl, new Properties());
	}

	private HikariDataSource pool(@Nullable String user, @Nullable String password, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl((user != null) ? jdbcUrl() : this.jdbcUrl);
		if (user != null) {
			config.setUsername(user);
			config.setPassword(password);
		}
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(0);
		config.setPoolName(this.name + "-" + ((user != null) ? user : "admin"));
		return new HikariDataSource(config);
	}

	private static String redact(String url) {
		return TenancyTestServer.redact(url);
	}

}
