package dev.tenancy.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A PgBouncer in <em>transaction pooling</em> mode in front of a test PostgreSQL server, started on a free port
 * for one test class and stopped, its files removed, when closed.
 * <p>
 * Every database of the server is reachable through it under its own name ({@link #jdbcUrl(String)}), as
 * {@value TenancyTestDatabase#APP_ROLE} or {@value TenancyTestDatabase#OWNER_ROLE} with password
 * {@value TenancyTestDatabase#PASSWORD} ({@code auth_type = md5}; the passwords are in its {@code auth_file} in
 * plain text, so it can log in to the server whether that trusts local connections or asks for md5 or SCRAM).
 * Each database and role pair shares {@link #poolSize()} server connections, few on purpose: many client
 * connections take turns on them, one transaction at a time, so different tenants' transactions really run on
 * the same PostgreSQL session one after the other.
 * <p>
 * PgBouncer before 1.21 cannot carry server-side prepared statements across server connections, so for those
 * versions {@link #jdbcUrl(String)} adds {@code prepareThreshold=0} (the driver then never names a statement on
 * the server); from 1.21 on, {@code max_prepared_statements} is set instead and the driver keeps its defaults.
 * <p>
 * The binary is {@code TENANCY_TEST_PGBOUNCER} (or system property {@code tenancy.test.pgbouncer}) if set,
 * otherwise {@code /usr/sbin/pgbouncer} or {@code pgbouncer} on the {@code PATH} (Debian: {@code apt-get install
 * pgbouncer}). When it is missing, {@link #start()} skips the calling test with a JUnit assumption, unless
 * {@code TENANCY_TEST_REQUIRE_PGBOUNCER} (or {@code tenancy.test.require-pgbouncer}) is {@code true}, as
 * {@code .ci/run} sets it: then it fails. PgBouncer refuses to run as root; when the JVM does, it runs as the
 * {@code postgres} OS user ({@code pgbouncer -u postgres}).
 */
public final class TenancyTestPgBouncer implements AutoCloseable {

	/** Server connections per database and role, unless asked otherwise. */
	public static final int DEFAULT_POOL_SIZE = 3;

	private static final String REQUIRE_PROPERTY = "tenancy.test.require-pgbouncer";

	private static final String REQUIRE_VARIABLE = "TENANCY_TEST_REQUIRE_PGBOUNCER";

	private static final Pattern VERSION = Pattern.compile("PgBouncer (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final int START_ATTEMPTS = 3;

	private final Path directory;

	private final Process process;

	private final int port;

	private final int poolSize;

	private final String version;

	private final boolean preparedStatements;

	private final Thread shutdownHook;

	private TenancyTestPgBouncer(Path directory, Process process, int port, int poolSize, String version,
			boolean preparedStatements) {
		this.directory = directory;
		this.process = process;
		this.port = port;
		this.poolSize = poolSize;
		this.version = version;
		this.preparedStatements = preparedStatements;
		this.shutdownHook = new Thread(process::destroyForcibly, "pgbouncer-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a PgBouncer in front of the first test server ({@link TenancyTestDatabase#serverUrl()}) with
	 * {@value #DEFAULT_POOL_SIZE} server connections per database and role.
	 * @return the running PgBouncer, which the caller must close
	 */
	public static TenancyTestPgBouncer start() {
		return start(DEFAULT_POOL_SIZE);
	}

	/**
	 * Starts a PgBouncer in front of the first test server.
	 * @param poolSize server connections per database and role, 1 to make every client share one session
	 * @return the running PgBouncer, which the caller must close
	 */
	public static TenancyTestPgBouncer start(int poolSize) {
		return start(TenancyTestDatabase.serverUrl(), poolSize);
	}

	/**
	 * Starts a PgBouncer in front of the server of a JDBC URL, such as a
	 * {@link TenancyTestDisposableServer#serverUrl() disposable server}.
	 * @param serverUrl a {@code jdbc:postgresql://host:port/...} URL; only host and port are used
	 * @param poolSize server connections per database and role
	 * @return the running PgBouncer, which the caller must close
	 */
	public static TenancyTestPgBouncer start(String serverUrl, int poolSize) {
		return start(serverUrl, poolSize, Map.of());
	}

	/**
	 * Starts a PgBouncer in front of the server of a JDBC URL, with settings of its own.
	 * @param serverUrl a {@code jdbc:postgresql://host:port/...} URL; only host and port are used
	 * @param poolSize server connections per database and role
	 * @param settings further settings of the {@code [pgbouncer]} section, for example
	 * {@code server_round_robin = 1}
	 * @return the running PgBouncer, which the caller must close
	 */
	public static TenancyTestPgBouncer start(String serverUrl, int poolSize, Map<String, String> settings) {
		if (poolSize < 1) {
			throw new IllegalArgumentException("poolSize must be at least 1");
		}
		Path binary = binary();
		String version = version(binary);
		boolean preparedStatements = supportsPreparedStatements(version);
		HostAndPort server = HostAndPort.of(serverUrl);
		Path directory = LocalPrograms.createServiceDirectory("tenancy-pgbouncer-");
		try {
			LocalPrograms.writePrivateFile(directory.resolve("userlist.txt"), userList());
			IllegalStateException failure = null;
			for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
				int port = LocalPrograms.freePort();
				LocalPrograms.writePrivateFile(directory.resolve("pgbouncer.ini"),
						configuration(directory, server, port, poolSize, preparedStatements, settings));
				try {
					Process process = launch(binary, directory, port);
					return new TenancyTestPgBouncer(directory, process, port, poolSize, version, preparedStatements);
				}
				catch (IllegalStateException ex) {
					// most likely the port was taken between asking and binding: try another
					failure = ex;
				}
			}
			throw failure;
		}
		catch (RuntimeException ex) {
			LocalPrograms.deleteRecursively(directory);
			throw ex;
		}
	}

	/**
	 * Returns whether tests needing PgBouncer fail, rather than skip, when it is not installed.
	 * @return whether {@code TENANCY_TEST_REQUIRE_PGBOUNCER} is {@code true}
	 */
	public static boolean isRequired() {
		return LocalPrograms.isRequired(REQUIRE_PROPERTY, REQUIRE_VARIABLE);
	}

	/**
	 * Returns the JDBC URL of a database of the server, through this PgBouncer, without credentials.
	 * @param database the database name
	 * @return the URL; with {@code prepareThreshold=0} for PgBouncer before 1.21
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database
				+ (this.preparedStatements ? "" : "?prepareThreshold=0");
	}

	/**
	 * Returns the JDBC URL template of the server through this PgBouncer, with
	 * {@value TenancyTestServer#DATABASE_PLACEHOLDER} where the database name goes, as
	 * {@code tenancy.placement.servers.<name>.url} takes it.
	 * @return the template
	 */
	public String jdbcUrlTemplate() {
		return jdbcUrl(TenancyTestServer.DATABASE_PLACEHOLDER);
	}

	/**
	 * Opens a HikariCP pool of client connections to a database through this PgBouncer, as the restricted role
	 * {@value TenancyTestDatabase#APP_ROLE}.
	 * @param database the database name
	 * @param maximumPoolSize client connections, typically more than {@link #poolSize()}
	 * @return the pool, which the caller must close
	 */
	public HikariDataSource newAppPool(String database, int maximumPoolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl(database));
		config.setUsername(TenancyTestDatabase.APP_ROLE);
		config.setPassword(TenancyTestDatabase.PASSWORD);
		config.setMaximumPoolSize(maximumPoolSize);
		config.setMinimumIdle(0);
		config.setPoolName(database + "-pgbouncer-" + TenancyTestDatabase.APP_ROLE);
		return new HikariDataSource(config);
	}

	/**
	 * Returns the port PgBouncer listens on, on {@code 127.0.0.1}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns how many server connections each database and role pair shares.
	 * @return the {@code default_pool_size}
	 */
	public int poolSize() {
		return this.poolSize;
	}

	/**
	 * Returns the version PgBouncer reports, for example {@code 1.18.0}.
	 * @return the version
	 */
	public String version() {
		return this.version;
	}

	/**
	 * Returns the log PgBouncer has written so far, for diagnosing a failed test.
	 * @return the log
	 */
	public String log() {
		return LocalPrograms.readQuietly(this.directory.resolve("pgbouncer.log"));
	}

	/**
	 * Stops PgBouncer, closing every client and server connection through it, and removes its files.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		finally {
			LocalPrograms.deleteRecursively(this.directory);
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down already
			}
		}
	}

	@Override
	public String toString() {
		return "TenancyTestPgBouncer[127.0.0.1:" + this.port + ", PgBouncer " + this.version + ", transaction pooling, "
				+ this.poolSize + " server connections per database and role]";
	}

	private static Path binary() {
		String configured = LocalPrograms.setting("tenancy.test.pgbouncer", "TENANCY_TEST_PGBOUNCER");
		Path binary = LocalPrograms.find(configured, "pgbouncer", List.of(Path.of("/usr/sbin/pgbouncer")));
		if (binary == null) {
			throw LocalPrograms.unavailable("PgBouncer is not installed"
					+ ((configured != null) ? " at " + configured + " (TENANCY_TEST_PGBOUNCER)" : "")
					+ ". Tests of transaction pooling need it: on Debian or Ubuntu, apt-get install pgbouncer (.ci/run "
					+ "does), or point TENANCY_TEST_PGBOUNCER at the binary.", REQUIRE_PROPERTY, REQUIRE_VARIABLE);
		}
		if (!LocalPrograms.serviceUserExists()) {
			throw LocalPrograms.unavailable("PgBouncer refuses to run as root, and there is no OS user '"
					+ LocalPrograms.SERVICE_USER + "' to run it as.", REQUIRE_PROPERTY, REQUIRE_VARIABLE);
		}
		return binary;
	}

	private static String version(Path binary) {
		Path output = null;
		try {
			output = Files.createTempFile("tenancy-pgbouncer-version", ".txt");
			String reported = LocalPrograms.run(List.of(binary.toString(), "--version"), output, Duration.ofSeconds(10));
			Matcher matcher = VERSION.matcher(reported);
			if (!matcher.find()) {
				throw new IllegalStateException(binary + " --version did not report a PgBouncer version: " + reported);
			}
			return matcher.group(1) + "." + matcher.group(2) + ((matcher.group(3) != null) ? "." + matcher.group(3) : "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (output != null) {
				output.toFile().delete();
			}
		}
	}

	/** {@code max_prepared_statements}, protocol-level prepared statements in transaction pooling, came in 1.21. */
	static boolean supportsPreparedStatements(String version) {
		String[] parts = version.split("\\.");
		int major = Integer.parseInt(parts[0]);
		int minor = Integer.parseInt(parts[1]);
		return major > 1 || (major == 1 && minor >= 21);
	}

	private static String userList() {
		StringBuilder list = new StringBuilder();
		for (String role : List.of(TenancyTestDatabase.APP_ROLE, TenancyTestDatabase.OWNER_ROLE)) {
			list.append('"').append(role).append("\" \"").append(TenancyTestDatabase.PASSWORD).append("\"\n");
		}
		return list.toString();
	}

	static String configuration(Path directory, HostAndPort server, int port, int poolSize, boolean preparedStatements,
			Map<String, String> settings) {
		StringBuilder extra = new StringBuilder(preparedStatements ? "max_prepared_statements = 200\n" : "");
		settings.forEach((name, value) -> extra.append(name).append(" = ").append(value).append('\n'));
		return """
				[databases]
				; every database of the server, under its own name
				* = host=%s port=%d

				[pgbouncer]
				listen_addr = 127.0.0.1
				listen_port = %d
				unix_socket_dir =
				logfile = %s
				auth_type = md5
				auth_file = %s
				pool_mode = transaction
				default_pool_size = %d
				min_pool_size = 0
				reserve_pool_size = 0
				max_client_conn = 500
				; the JDBC driver sends extra_float_digits at start-up, which PgBouncer does not track
				ignore_startup_parameters = extra_float_digits
				%s
				""".formatted(server.host(), server.port(), port, directory.resolve("pgbouncer.log"),
				directory.resolve("userlist.txt"), poolSize, extra);
	}

	private static Process launch(Path binary, Path directory, int port) {
		List<String> command = LocalPrograms.isRoot()
				? List.of(binary.toString(), "-u", LocalPrograms.SERVICE_USER, directory.resolve("pgbouncer.ini").toString())
				: List.of(binary.toString(), directory.resolve("pgbouncer.ini").toString());
		Path output = directory.resolve("pgbouncer.out");
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + String.join(" ", command), ex);
		}
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("PgBouncer exited with code " + process.exitValue() + " on start:\n"
						+ LocalPrograms.readQuietly(output) + LocalPrograms.readQuietly(directory.resolve("pgbouncer.log")));
			}
			if (accepts(port)) {
				return process;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
				throw new IllegalStateException("Interrupted while waiting for PgBouncer", ex);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("PgBouncer did not accept connections on 127.0.0.1:" + port + " within "
				+ STARTUP_TIMEOUT + ":\n" + LocalPrograms.readQuietly(directory.resolve("pgbouncer.log")));
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Where a JDBC URL points: its single host and port. */
	record HostAndPort(String host, int port) {

		private static final Pattern URL = Pattern.compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^:/?,]+)(?::(\\d+))?(?:/.*)?");

		static HostAndPort of(String jdbcUrl) {
			if (jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:postgresql://")) {
				return new HostAndPort("127.0.0.1", 5432);
			}
			Matcher matcher = URL.matcher(jdbcUrl);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("Cannot put PgBouncer in front of " + TenancyTestServer.redact(jdbcUrl)
						+ ": expected jdbc:postgresql://host:port/database with a single host");
			}
			String host = matcher.group(1);
			// PgBouncer resolves names itself; localhost may come back as ::1 first, which the server may not trust
			host = "localhost".equals(host) ? "127.0.0.1" : host;
			int port = (matcher.group(2) != null) ? Integer.parseInt(matcher.group(2)) : 5432;
			return new HostAndPort(host, port);
		}

	}

}
