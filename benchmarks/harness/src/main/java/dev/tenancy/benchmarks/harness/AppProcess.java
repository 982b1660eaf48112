package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application of one scenario, in a JVM of its own, with its output in a log file.
 */
final class AppProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private final long startedNanos = System.nanoTime();

	private AppProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	static AppProcess start(Path appJar, List<String> jvmOptions, List<String> arguments, Path log) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(appJar.toString());
		command.addAll(arguments);
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		Files.createDirectories(log.toAbsolutePath().getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new AppProcess(process, log, port);
	}

	/** The application's JVM process, whose CPU time the run reads. */
	ProcessHandle handle() {
		return this.process.toHandle();
	}

	URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Waits until the application answers HTTP: its port opens only once the context, migrations included, is
	 * ready. An unauthenticated request answering 401 is enough.
	 * @return how long it took since the process started
	 */
	Duration awaitReady(HttpClient client, Duration timeout) throws IOException, InterruptedException {
		long start = this.startedNanos;
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest probe = HttpRequest.newBuilder(baseUri().resolve("/api/projects")).timeout(Duration.ofSeconds(5)).build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the application exited with " + this.process.exitValue()
						+ " before it was ready; its log " + this.log + " ends:\n" + tail());
			}
			try {
				client.send(probe, HttpResponse.BodyHandlers.discarding());
				return Duration.ofNanos(System.nanoTime() - start);
			}
			catch (IOException ex) {
				// not listening yet
				Thread.sleep(250);
			}
		}
		throw new IllegalStateException("the application was not ready after " + timeout + "; its log " + this.log
				+ " ends:\n" + tail());
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(could not read the log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
