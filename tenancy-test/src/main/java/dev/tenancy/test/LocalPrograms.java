package dev.tenancy.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * What the test programs started from here (PgBouncer, a disposable PostgreSQL) share: finding the binary,
 * skipping or failing when it is missing, and running it as the {@value #SERVICE_USER} OS user when the JVM runs
 * as root, since neither PgBouncer nor PostgreSQL runs as root.
 */
final class LocalPrograms {

	/** The OS user that PgBouncer and PostgreSQL run as when the JVM runs as root. */
	static final String SERVICE_USER = "postgres";

	private LocalPrograms() {
	}

	/**
	 * Finds a program: the configured path, else the first candidate that is executable, else the program on the
	 * {@code PATH}.
	 */
	static @Nullable Path find(@Nullable String configured, String program, List<Path> candidates) {
		if (configured != null) {
			Path path = Path.of(configured);
			return Files.isExecutable(path) ? path : null;
		}
		for (Path candidate : candidates) {
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String pathVariable = System.getenv("PATH");
		if (pathVariable != null) {
			for (String directory : pathVariable.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, program);
				if (!directory.isEmpty() && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	/**
	 * Aborts the calling test (a JUnit assumption) because something it needs is missing, or fails it when the
	 * requirement flag is set.
	 * @return never returns normally
	 */
	static IllegalStateException unavailable(String problem, String requireProperty, String requireVariable) {
		if (isRequired(requireProperty, requireVariable)) {
			throw new IllegalStateException(problem + " " + requireVariable + "=true, so this fails rather than skips.");
		}
		Assumptions.abort(problem + " Skipped; set " + requireVariable + "=true to fail instead.");
		return new IllegalStateException("unreachable");
	}

	static boolean isRequired(String requireProperty, String requireVariable) {
		return "true".equalsIgnoreCase(setting(requireProperty, requireVariable));
	}

	static @Nullable String setting(String systemProperty, String environmentVariable) {
		String value = System.getProperty(systemProperty);
		if (value == null || value.isBlank()) {
			value = System.getenv(environmentVariable);
		}
		return (value == null || value.isBlank()) ? null : value;
	}

	static boolean isRoot() {
		try {
			// the owner of /proc/self is the user this process runs as
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	/**
	 * Returns the command that runs the given one as {@value #SERVICE_USER} if the JVM runs as root, or as it is.
	 */
	static List<String> asServiceUser(List<String> command) {
		if (!isRoot()) {
			return command;
		}
		List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SERVICE_USER, "--"));
		wrapped.addAll(command);
		return wrapped;
	}

	/**
	 * Creates a private temporary directory, owned by {@value #SERVICE_USER} when the JVM runs as root.
	 */
	static Path createServiceDirectory(String prefix) {
		try {
			Path directory = Files.createTempDirectory(prefix,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			giveToServiceUser(directory);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary directory", ex);
		}
	}

	/**
	 * Writes a file only its owner may read, owned by {@value #SERVICE_USER} when the JVM runs as root.
	 */
	static void writePrivateFile(Path file, String content) {
		try {
			Files.writeString(file, content, StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			giveToServiceUser(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static void giveToServiceUser(Path path) throws IOException {
		if (isRoot()) {
			UserPrincipal user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
			Files.setOwner(path, user);
		}
	}

	static boolean serviceUserExists() {
		if (!isRoot()) {
			return true;
		}
		try {
			Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Runs a command to its end, its output going to a file rather than a pipe: a server it starts in the
	 * background must not keep a pipe of ours open.
	 * @return the command's output
	 * @throws IllegalStateException if it fails or does not finish in time, with its output
	 */
	static String run(List<String> command, Path outputFile, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(outputFile.toFile())
				.start();
			boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			String output = Files.readString(outputFile, StandardCharsets.UTF_8);
			if (!finished) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
						+ ":\n" + output);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
						+ process.exitValue() + ":\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + String.join(" ", command), ex);
		}
	}

	/** A port free at the time of asking; a program that then fails to bind it is started again on another. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port", ex);
		}
	}

	static String readQuietly(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "(could not read " + file + ": " + ex.getMessage() + ")";
		}
	}

	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temporary directory is not worth failing a test for
		}
	}

}
