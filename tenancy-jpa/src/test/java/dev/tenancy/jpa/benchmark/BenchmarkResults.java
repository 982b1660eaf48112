package dev.tenancy.jpa.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one benchmark IT measured, as one JSON object written to {@code <dir>/<name>.json} when the system
 * property {@value #RESULTS_DIR_PROPERTY} names a directory {@code <dir>} (created if missing; relative paths
 * are relative to the module directory, where Failsafe runs the tests), and nowhere otherwise. A directory
 * rather than a file, so that benchmark ITs run by one build each write their own file.
 * <p>
 * The object holds the benchmark's {@code name}, its {@code configuration}, the {@code environment} it ran in
 * (cores, Java, the load average when it started and when it finished, and what the benchmark adds, such as
 * the PostgreSQL version) and its {@code measurements}: each an object with its {@code unit} and either a
 * {@code value} or a distribution ({@code p50}, {@code p99}, {@code max} and the number of {@code samples}).
 * <p>
 * Not thread-safe: fill it from the test thread.
 */
public final class BenchmarkResults {

	/** The system property naming the directory the results go to. */
	public static final String RESULTS_DIR_PROPERTY = "tenancy.benchmark.results-dir";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final String name;

	private final ObjectNode root = JSON.createObjectNode();

	private final ObjectNode configuration;

	private final ObjectNode environment;

	private final ObjectNode measurements;

	/**
	 * Starts the results of a benchmark, noting the time and the load average.
	 * @param name the benchmark's name, also the file's: lowercase letters, digits and {@code _}
	 */
	public BenchmarkResults(String name) {
		if (!name.matches("[a-z0-9_]+")) {
			throw new IllegalArgumentException("benchmark name '" + name + "' must be lowercase letters, digits and _");
		}
		this.name = name;
		this.root.put("name", name);
		this.configuration = this.root.putObject("configuration");
		this.environment = this.root.putObject("environment");
		this.measurements = this.root.putObject("measurements");
		this.environment.put("started_at", Instant.now().toString());
		this.environment.put("cores", Runtime.getRuntime().availableProcessors());
		this.environment.put("java", System.getProperty("java.version"));
		loadAverage(this.environment.putArray("load_average_at_start"));
	}

	/**
	 * Returns the configuration, for the benchmark to describe what it ran with.
	 * @return the configuration object
	 */
	public ObjectNode configuration() {
		return this.configuration;
	}

	/**
	 * Returns the environment, for the benchmark to add what it knows (the PostgreSQL version, say).
	 * @return the environment object
	 */
	public ObjectNode environment() {
		return this.environment;
	}

	/**
	 * Records a single value, written as an integer when it is one.
	 * @param key the measurement's name
	 * @param value the value
	 * @param unit its unit, for example {@code ms} or {@code tx/s}
	 * @return the measurement, for the benchmark to add details
	 */
	public ObjectNode value(String key, double value, String unit) {
		ObjectNode measurement = measurement(key, unit);
		if (value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE) {
			measurement.put("value", (long) value);
		}
		else {
			measurement.put("value", round(value));
		}
		return measurement;
	}

	/**
	 * Records a distribution of durations, in milliseconds.
	 * @param key the measurement's name
	 * @param distribution the distribution
	 * @return the measurement, for the benchmark to add details
	 */
	public ObjectNode distribution(String key, LatencyDistribution distribution) {
		ObjectNode measurement = measurement(key, "ms");
		measurement.put("p50", round(distribution.p50()));
		measurement.put("p99", round(distribution.p99()));
		measurement.put("max", round(distribution.max()));
		measurement.put("samples", distribution.samples());
		return measurement;
	}

	/**
	 * Records a measurement of another shape: its unit, and whatever the benchmark adds to it.
	 * @param key the measurement's name
	 * @param unit the unit of its numbers
	 * @return the measurement
	 */
	public ObjectNode measurement(String key, String unit) {
		ObjectNode measurement = this.measurements.putObject(key);
		measurement.put("unit", unit);
		return measurement;
	}

	/**
	 * Notes the load average and the time, then writes the results if {@value #RESULTS_DIR_PROPERTY} is set.
	 * @return the file written, or empty if the property is not set
	 * @throws IOException if the file could not be written
	 */
	public Optional<Path> writeIfRequested() throws IOException {
		String dir = System.getProperty(RESULTS_DIR_PROPERTY, "");
		if (dir.isBlank()) {
			return Optional.empty();
		}
		this.environment.put("finished_at", Instant.now().toString());
		loadAverage(this.environment.putArray("load_average_at_end"));
		Path file = Path.of(dir).toAbsolutePath().resolve(this.name + ".json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, JSON.writeValueAsString(this.root) + "\n");
		return Optional.of(file);
	}

	/**
	 * Returns the load average over 1, 5 and 15 minutes as {@code /proc/loadavg} shows it, or only the last
	 * minute's where there is no such file.
	 * @return the load average, for example {@code 1.52 0.98 0.77}
	 */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	private static void loadAverage(ArrayNode into) {
		for (String value : loadAverage().split(" ")) {
			into.add(Double.parseDouble(value));
		}
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
