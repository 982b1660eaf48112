package dev.tenancy.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for one test class, which the test may stop, start and restart: created with
 * {@code initdb} in a temporary directory, listening on {@code 127.0.0.1} on a free port, trusting local
 * connections, without {@code fsync}; stopped and deleted when closed. For fault tests that must not touch the
 * shared test servers, which other test classes use at the same time.
 * <p>
 * {@link #server()} creates databases and roles on it like on any {@link TenancyTestServer}, and
 * {@link TenancyTestServer#createTestDatabase(Class)} gives a {@link TenancyTestDatabase} on it.
 * <p>
 * The PostgreSQL binaries ({@code initdb}, {@code pg_ctl}) are taken from {@code TENANCY_TEST_PG_BIN} (or system
 * property {@code tenancy.test.pg-bin}) if set, otherwise from the newest {@code /usr/lib/postgresql/<version>/bin}
 * (Debian's layout), otherwise from the {@code PATH}. When they are missing, {@link #create()} skips the calling
 * test with a JUnit assumption, unless {@code TENANCY_TEST_REQUIRE_DISPOSABLE_SERVER} (or
 * {@code tenancy.test.require-disposable-server}) is {@code true}, as {@code .ci/run} sets it: then it fails.
 * PostgreSQL refuses to run as root; when the JVM does, the server runs as the {@code postgres} OS user.
 * <p>
 * Not thread-safe: one test drives its lifecycle.
 */
public final class TenancyTestDisposableServer implements AutoCloseable {

	private static final String REQUIRE_PROPERTY = "tenancy.test.require-disposable-server";

	private static final String REQUIRE_VARIABLE = "TENANCY_TEST_REQUIRE_DISPOSABLE_SERVER";

	private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

	private static final int START_ATTEMPTS = 3;

	private final Path binaries;

	private final Path directory;

	private final Path data;

	private final Path log;

	private final Thread shutdownHook;

	private int port;

	private boolean running;

	private TenancyTestDisposableServer(Path binaries, Path directory) {
		this.binaries = binaries;
		this.directory = directory;
		this.data = directory.resolve("data");
		this.log = directory.resolve("postgresql.log");
		this.shutdownHook = new Thread(() -> {
			if (this.running) {
				pgCtl("stop", "-m", "immediate");
			}
		}, "disposable-postgres-shutdown");
	}

	/**
	 * Creates a cluster in a temporary directory and starts it on a free port.
	 * @return the running server, which the caller must close
	 */
	public static TenancyTestDisposableServer create() {
		Path binaries = binaries();
		Path directory = LocalPrograms.createServiceDirectory("tenancy-pg-");
		TenancyTestDisposableServer server = new TenancyTestDisposableServer(binaries, directory);
		try {
			server.initdb();
			Runtime.getRuntime().addShutdownHook(server.shutdownHook);
			server.startOnAFreePort();
			return server;
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	/**
	 * Returns whether tests needing a disposable server fail, rather than skip, when PostgreSQL's binaries are
	 * not installed.
	 * @return whether {@code TENANCY_TEST_REQUIRE_DISPOSABLE_SERVER} is {@code true}
	 */
	public static boolean isRequired() {
		return LocalPrograms.isRequired(REQUIRE_PROPERTY, REQUIRE_VARIABLE);
	}

	/**
	 * Returns the JDBC URL of the server's maintenance database, as the superuser {@code postgres}.
	 * @return the URL
	 */
	public String serverUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres?user=postgres";
	}

	/**
	 * Returns the server, to create databases on and run SQL as the superuser.
	 * @return the server
	 */
	public TenancyTestServer server() {
		return new TenancyTestServer(serverUrl());
	}

	/**
	 * Returns the JDBC URL of one database of the server, without credentials.
	 * @param database the database name
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		return server().jdbcUrl(database);
	}

	/**
	 * Returns the port the server listens on, on {@code 127.0.0.1}; the same after a stop and start.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns whether the server is running, as far as this object started and stopped it.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops the server in fast mode: open transactions are rolled back and every client is disconnected. Waits
	 * until it is down.
	 */
	public void stop() {
		pgCtl("stop", "-m", "fast");
		this.running = false;
	}

	/**
	 * Starts the stopped server again on the same port, and waits until it accepts connections.
	 */
	public void start() {
		pgCtl("start", "-l", this.log.toString());
		this.running = true;
	}

	/**
	 * Restarts the server ({@code pg_ctl restart -m fast}) and waits until it accepts connections again.
	 */
	public void restart() {
		pgCtl("restart", "-m", "fast", "-l", this.log.toString());
		this.running = true;
	}

	/**
	 * Returns the server's log so far, for diagnosing a failed test.
	 * @return the log
	 */
	public String log() {
		return LocalPrograms.readQuietly(this.log);
	}

	/**
	 * Stops the server and deletes its files.
	 */
	@Override
	public void close() {
		try {
			if (this.running) {
				pgCtl("stop", "-m", "immediate");
				this.running = false;
			}
		}
		finally {
			LocalPrograms.deleteRecursively(this.directory);
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException | IllegalArgumentException ex) {
				// the JVM is shutting down already, or the hook was never added
			}
		}
	}

	@Override
	public String toString() {
		return "TenancyTestDisposableServer[127.0.0.1:" + this.port + ", " + this.data + "]";
	}

	private void initdb() {
		LocalPrograms.run(LocalPrograms.asServiceUser(List.of(this.binaries.resolve("initdb").toString(), "-D",
				this.data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")),
				this.directory.resolve("initdb.out"), PG_CTL_TIMEOUT);
	}

	private void startOnAFreePort() {
		IllegalStateException failure = null;
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			this.port = LocalPrograms.freePort();
			writeSettings();
			try {
				start();
				awaitConnections();
				return;
			}
			catch (IllegalStateException ex) {
				// most likely the port was taken between asking and binding: try another
				failure = ex;
			}
		}
		throw failure;
	}

	/** Settings go into postgresql.auto.conf, which every later start and restart reads too. */
	private void writeSettings() {
		String settings = """
				port = %d
				listen_addresses = '127.0.0.1'
				unix_socket_directories = '%s'
				fsync = off
				synchronous_commit = off
				full_page_writes = off
				shared_buffers = '32MB'
				max_connections = 100
				""".formatted(this.port, this.directory);
		try {
			Files.writeString(this.data.resolve("postgresql.auto.conf"), settings, StandardCharsets.UTF_8,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not configure " + this.data, ex);
		}
	}

	private void awaitConnections() {
		SQLException last = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			Properties properties = new Properties();
			properties.setProperty("connectTimeout", "2");
			try (Connection connection = DriverManager.getConnection(serverUrl(), properties)) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new IllegalStateException("The disposable PostgreSQL on port " + this.port + " does not accept "
				+ "connections: " + ((last != null) ? last.getMessage() : "interrupted") + "\n" + log(), last);
	}

	private void pgCtl(String action, String... options) {
		List<String> command = new ArrayList<>(List.of(this.binaries.resolve("pg_ctl").toString(), action, "-D",
				this.data.toString(), "-w", "-t", Long.toString(PG_CTL_TIMEOUT.toSeconds())));
		command.addAll(List.of(options));
		try {
			LocalPrograms.run(LocalPrograms.asServiceUser(command), this.directory.resolve("pg_ctl.out"),
					PG_CTL_TIMEOUT.plusSeconds(10));
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(ex.getMessage() + "\nServer log:\n" + log(), ex);
		}
	}

	private static Path binaries() {
		String configured = LocalPrograms.setting("tenancy.test.pg-bin", "TENANCY_TEST_PG_BIN");
		Path initdb = LocalPrograms.find((configured != null) ? Path.of(configured, "initdb").toString() : null, "initdb",
				debianBinaryDirectories().stream().map((directory) -> directory.resolve("initdb")).toList());
		if (initdb == null || !Files.isExecutable(initdb.resolveSibling("pg_ctl"))) {
			throw LocalPrograms.unavailable("PostgreSQL's initdb and pg_ctl were not found"
					+ ((configured != null) ? " in " + configured + " (TENANCY_TEST_PG_BIN)" : "")
					+ ". Fault tests that stop and restart a server of their own need them: on Debian or Ubuntu, "
					+ "apt-get install postgresql, or point TENANCY_TEST_PG_BIN at the directory holding them.",
					REQUIRE_PROPERTY, REQUIRE_VARIABLE);
		}
		if (!LocalPrograms.serviceUserExists()) {
			throw LocalPrograms.unavailable("PostgreSQL refuses to run as root, and there is no OS user '"
					+ LocalPrograms.SERVICE_USER + "' to run it as.", REQUIRE_PROPERTY, REQUIRE_VARIABLE);
		}
		return initdb.getParent();
	}

	/** /usr/lib/postgresql/<version>/bin, newest first. */
	private static List<Path> debianBinaryDirectories() {
		Path root = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> versions = Files.list(root)) {
			return versions.filter((path) -> path.getFileName().toString().matches("\\d+(\\.\\d+)?"))
				.sorted(Comparator.comparingDouble((Path path) -> Double.parseDouble(path.getFileName().toString()))
					.reversed())
				.map((path) -> path.resolve("bin"))
				.toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
