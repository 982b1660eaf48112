package dev.tenancy.benchmarks.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time a scenario spends serving its load: its application's JVM (every thread: request threads, JIT, GC;
 * the JIT compiler threads also on their own) and the PostgreSQL backends connected to its databases. Read from the
 * operating system before and after each slice, so that the cost per request does not depend on how busy the
 * machine was, unlike throughput.
 * <p>
 * Backends are found in {@code pg_stat_activity}; their CPU is readable only when PostgreSQL runs on this machine,
 * so a remote server reports none. A backend that starts during a slice counts from its start; one that ends
 * during a slice is lost, which the pools' long-lived connections make rare.
 */
final class CpuMeter {

	private final ProcessHandle app;

	private final BenchmarkDatabases databases;

	private final Scenario scenario;

	private final List<String> tenants;

	private final boolean localDatabase;

	CpuMeter(ProcessHandle app, BenchmarkDatabases databases, Scenario scenario, List<String> tenants) {
		this.app = app;
		this.databases = databases;
		this.scenario = scenario;
		this.tenants = tenants;
		this.localDatabase = databases.isLocal();
	}

	/** The CPU used so far. */
	Sample sample() {
		long app = cpuNanos(this.app);
		long jit = JitCompilerThreads.cpuNanos(this.app.pid());
		Map<Long, Long> backends = new HashMap<>();
		if (this.localDatabase) {
			try (Connection connection = this.databases.connect("postgres");
					PreparedStatement statement = connection
						.prepareStatement("select pid from pg_stat_activity where datname = any (?)")) {
				statement.setArray(1, connection.createArrayOf("text",
						BenchmarkDatabases.databases(this.scenario, this.tenants).toArray()));
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						long pid = rows.getLong(1);
						ProcessHandle.of(pid).ifPresent((backend) -> backends.put(pid, cpuNanos(backend)));
					}
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("could not list the PostgreSQL backends of " + this.scenario.key(), ex);
			}
		}
		return new Sample(app, jit, backends, this.localDatabase);
	}

	private static long cpuNanos(ProcessHandle process) {
		return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	/**
	 * CPU used up to a moment.
	 */
	record Sample(long appNanos, long jitNanos, Map<Long, Long> backendNanos, boolean databaseMeasured) {

		/** The application's CPU from {@code earlier} to this sample. */
		long appSince(Sample earlier) {
			return this.appNanos - earlier.appNanos;
		}

		/** Its JIT compiler threads' CPU from {@code earlier} to this sample, or {@code -1} when it cannot be read. */
		long jitSince(Sample earlier) {
			return (this.jitNanos < 0 || earlier.jitNanos < 0) ? -1 : Math.max(0, this.jitNanos - earlier.jitNanos);
		}

		/**
		 * The backends' CPU from {@code earlier} to this sample, or {@code -1} when it cannot be read.
		 */
		long databaseSince(Sample earlier) {
			if (!this.databaseMeasured) {
				return -1;
			}
			long total = 0;
			for (Map.Entry<Long, Long> backend : this.backendNanos.entrySet()) {
				total += backend.getValue() - earlier.backendNanos.getOrDefault(backend.getKey(), 0L);
			}
			return total;
		}

	}

}
