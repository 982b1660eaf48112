package dev.tenancy.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which PostgreSQL server tenancy tests create their databases on, in this order:
 * <ol>
 * <li>{@code TENANCY_TEST_JDBC_URL} (or system property {@code tenancy.test.jdbc-url}) when set; when that
 * server does not accept a superuser connection, resolution fails rather than falling back, since the URL was
 * asked for;</li>
 * <li>a PostgreSQL container started through Testcontainers, when Testcontainers is on the class path and a
 * Docker engine is available;</li>
 * <li>a server on {@code localhost:5432}, reached as {@code postgres}.</li>
 * </ol>
 * Every input is a function so that the order can be tested without Docker; {@link #shared()} resolves once per
 * class loader from the real environment, logs the choice, and remembers a failure as well as a success.
 */
final class FirstServerResolver {

	static final String URL_PROPERTY = "tenancy.test.jdbc-url";

	static final String URL_VARIABLE = "TENANCY_TEST_JDBC_URL";

	static final String IMAGE_PROPERTY = "tenancy.test.postgres-image";

	static final String IMAGE_VARIABLE = "TENANCY_TEST_POSTGRES_IMAGE";

	static final String DEFAULT_IMAGE = "postgres:17";

	static final String LOCAL_URL = "jdbc:postgresql://localhost:5432/postgres?user=postgres";

	private static final String HOW_TO_SET = "To use a server of your own, set " + URL_VARIABLE
			+ " (or -D" + URL_PROPERTY + ") to a JDBC URL that connects as a superuser, for example "
			+ URL_VARIABLE + "='jdbc:postgresql://db:5432/postgres?user=postgres&password=secret'.";

	private static final String TESTCONTAINERS_PROBE_CLASS = "org.testcontainers.DockerClientFactory";

	private static final Logger logger = LoggerFactory.getLogger(FirstServerResolver.class);

	private static @Nullable Resolution shared;

	/** Where the server came from. */
	enum Source {

		/** {@code TENANCY_TEST_JDBC_URL} or {@code tenancy.test.jdbc-url}. */
		CONFIGURED_URL,

		/** A container started through Testcontainers. */
		TESTCONTAINERS,

		/** The server on {@code localhost:5432}. */
		LOCALHOST

	}

	/** Checks a server URL: {@code null} when it accepts a superuser connection, otherwise what is wrong. */
	@FunctionalInterface
	interface Probe {

		@Nullable String problem(String jdbcUrl);

	}

	/** Starts a PostgreSQL container of the given image and returns its superuser JDBC URL. */
	@FunctionalInterface
	interface ContainerStarter {

		String start(String image);

	}

	private final Function<String, @Nullable String> systemProperties;

	private final Function<String, @Nullable String> environment;

	private final BooleanSupplier testcontainersPresent;

	private final BooleanSupplier dockerAvailable;

	private final ContainerStarter containers;

	private final Probe probe;

	FirstServerResolver(Function<String, @Nullable String> systemProperties,
			Function<String, @Nullable String> environment, BooleanSupplier testcontainersPresent,
			BooleanSupplier dockerAvailable, ContainerStarter containers, Probe probe) {
		this.systemProperties = systemProperties;
		this.environment = environment;
		this.testcontainersPresent = testcontainersPresent;
		this.dockerAvailable = dockerAvailable;
		this.containers = containers;
		this.probe = probe;
	}

	/**
	 * Returns the server of this JVM's tests, resolving it from the real environment on first use.
	 * @return the resolved server
	 * @throws IllegalStateException if no server can be found, on this and every later call
	 */
	static synchronized ResolvedServer shared() {
		if (shared == null) {
			shared = resolveLogged(fromEnvironment());
		}
		return shared.serverOrThrow();
	}

	static FirstServerResolver fromEnvironment() {
		return withSettings(System::getProperty, System::getenv);
	}

	static FirstServerResolver withSettings(Function<String, @Nullable String> systemProperties,
			Function<String, @Nullable String> environment) {
		ClassLoader loader = FirstServerResolver.class.getClassLoader();
		// Testcontainers is optional: TestcontainersPostgres, the one class naming its types, is touched only from
		// inside these lambdas, which resolve() calls only once the probe class has been found
		return new FirstServerResolver(systemProperties, environment,
				() -> isPresent(TESTCONTAINERS_PROBE_CLASS, loader), () -> TestcontainersPostgres.isDockerAvailable(),
				(image) -> TestcontainersPostgres.start(image), FirstServerResolver::probe);
	}

	private static Resolution resolveLogged(FirstServerResolver resolver) {
		try {
			ResolvedServer server = resolver.resolve();
			logger.info("Tenancy tests use PostgreSQL {}", server.description());
			return new Resolution(server, null);
		}
		catch (IllegalStateException ex) {
			logger.error(ex.getMessage());
			return new Resolution(null, ex);
		}
	}

	/**
	 * Resolves the server.
	 * @return the server
	 * @throws IllegalStateException with every option and how to set {@code TENANCY_TEST_JDBC_URL}, if none works
	 */
	ResolvedServer resolve() {
		String configured = setting(URL_PROPERTY, URL_VARIABLE);
		if (configured != null) {
			String origin = (nonBlank(this.systemProperties.apply(URL_PROPERTY)) != null)
					? "system property " + URL_PROPERTY : URL_VARIABLE;
			String problem = this.probe.problem(configured);
			if (problem != null) {
				throw new IllegalStateException("Tenancy tests were pointed at " + TenancyTestServer.redact(configured)
						+ " by " + origin + ", which does not work: " + problem + ". Fix or unset " + origin
						+ "; without it, tests use Testcontainers when a Docker engine is available, else "
						+ "localhost:5432. " + HOW_TO_SET);
			}
			return new ResolvedServer(configured, Source.CONFIGURED_URL,
					"from " + origin + ": " + TenancyTestServer.redact(configured));
		}
		String testcontainers;
		if (!this.testcontainersPresent.getAsBoolean()) {
			testcontainers = "not on the test class path (add org.testcontainers:testcontainers-postgresql)";
		}
		else if (!this.dockerAvailable.getAsBoolean()) {
			testcontainers = "on the class path, but no Docker engine is available";
		}
		else {
			String image = setting(IMAGE_PROPERTY, IMAGE_VARIABLE);
			image = (image != null) ? image : DEFAULT_IMAGE;
			String url;
			try {
				url = this.containers.start(image);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("Tenancy tests found a Docker engine but could not start PostgreSQL ("
						+ image + ") through Testcontainers: " + ex.getMessage() + ". Set " + IMAGE_VARIABLE
						+ " to another image, or use a server of your own. " + HOW_TO_SET, ex);
			}
			return new ResolvedServer(url, Source.TESTCONTAINERS,
					"in a Testcontainers container (" + image + "): " + TenancyTestServer.redact(url));
		}
		String local = this.probe.problem(LOCAL_URL);
		if (local == null) {
			return new ResolvedServer(LOCAL_URL, Source.LOCALHOST, "on localhost:5432 (" + URL_VARIABLE
					+ " is not set; Testcontainers is " + testcontainers + ")");
		}
		throw new IllegalStateException("Tenancy tests found no PostgreSQL server. They try, in this order: (1) "
				+ URL_VARIABLE + " or system property " + URL_PROPERTY + ": not set; (2) Testcontainers: "
				+ testcontainers + "; (3) localhost:5432 as postgres: " + local + ". " + HOW_TO_SET
				+ " Or start Docker, or PostgreSQL on localhost:5432 (Debian or Ubuntu: "
				+ "sudo apt-get install postgresql && sudo pg_ctlcluster 15 main start).");
	}

	private @Nullable String setting(String property, String variable) {
		String value = nonBlank(this.systemProperties.apply(property));
		return (value != null) ? value : nonBlank(this.environment.apply(variable));
	}

	private static @Nullable String nonBlank(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	static boolean isPresent(String className, @Nullable ClassLoader loader) {
		try {
			Class.forName(className, false, loader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** A connection as a superuser, or what kept it from being one, with short timeouts. */
	static @Nullable String probe(String jdbcUrl) {
		Properties properties = new Properties();
		properties.setProperty("connectTimeout", "3");
		properties.setProperty("loginTimeout", "5");
		try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
				Statement statement = connection.createStatement();
				ResultSet row = statement
					.executeQuery("select current_user, rolsuper from pg_roles where rolname = current_user")) {
			row.next();
			if (!row.getBoolean(2)) {
				return "it connects as '" + row.getString(1) + "', which is not a superuser (tests create databases "
						+ "and roles through this connection)";
			}
			return null;
		}
		catch (SQLException ex) {
			return "no connection (" + redactMessage(ex.getMessage()) + ")";
		}
	}

	private static String redactMessage(@Nullable String message) {
		return (message != null) ? TenancyTestServer.redact(message) : "no message";
	}

	/**
	 * The outcome of resolution.
	 * @param jdbcUrl the superuser JDBC URL of the server's maintenance database, possibly with credentials
	 * @param source where it came from
	 * @param description what to log, without passwords
	 */
	record ResolvedServer(String jdbcUrl, Source source, String description) {

	}

	private record Resolution(@Nullable ResolvedServer server, @Nullable IllegalStateException failure) {

		ResolvedServer serverOrThrow() {
			if (this.server != null) {
				return this.server;
			}
			IllegalStateException failure = this.failure;
			throw new IllegalStateException((failure != null) ? failure.getMessage() : "unresolved", failure);
		}

	}

}
