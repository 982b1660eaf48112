package dev.tenancy.jpa.benchmark;

import tools.jackson.databind.node.ObjectNode;

/**
 * Prints a benchmark's numbers, one line per number behind the benchmark's prefix (so that they can be found in a
 * build log), and records each in the benchmark's {@link BenchmarkResults}.
 */
public final class BenchmarkReport {

	private final String prefix;

	private final BenchmarkResults results;

	/**
	 * Creates a report.
	 * @param prefix what every line starts with, for example {@code database-tenants-benchmark}
	 * @param results where the numbers are recorded
	 */
	public BenchmarkReport(String prefix, BenchmarkResults results) {
		this.prefix = prefix + ": ";
		this.results = results;
	}

	/**
	 * Returns the results the numbers are recorded in.
	 * @return the results
	 */
	public BenchmarkResults results() {
		return this.results;
	}

	/**
	 * Prints a line, recording nothing.
	 * @param text the line
	 */
	public void print(String text) {
		System.out.println(this.prefix + text);
	}

	/**
	 * Prints and records a distribution of durations: one line each for p50, p99 and max.
	 * @param what what was measured
	 * @param key the measurement's name in the results
	 * @param latency the distribution
	 */
	public void latency(String what, String key, LatencyDistribution latency) {
		print(String.format("%s p50: %.2f ms (%d samples)", what, latency.p50(), latency.samples()));
		print(String.format("%s p99: %.2f ms", what, latency.p99()));
		print(String.format("%s max: %.2f ms", what, latency.max()));
		this.results.distribution(key, latency);
	}

	/**
	 * Prints and records a ratio of two measurements.
	 * @param what what is divided by what
	 * @param key the measurement's name in the results
	 * @param ratio the ratio
	 */
	public void ratio(String what, String key, double ratio) {
		print(String.format("%s: %.2f", what, ratio));
		this.results.value(key, ratio, "ratio");
	}

	/**
	 * Prints and records a count.
	 * @param what what was counted
	 * @param key the measurement's name in the results
	 * @param count the count
	 * @param unit what was counted, for example {@code pools}
	 * @return the measurement, for details
	 */
	public ObjectNode count(String what, String key, long count, String unit) {
		print(String.format("%s: %,d", what, count));
		return this.results.value(key, count, unit);
	}

	/**
	 * Prints and records a duration in whole milliseconds.
	 * @param what what took that long
	 * @param key the measurement's name in the results
	 * @param millis the duration
	 * @return the measurement, for details
	 */
	public ObjectNode millis(String what, String key, long millis) {
		print(String.format("%s: %,d ms; load average %s", what, millis, BenchmarkResults.loadAverage()));
		return this.results.value(key, millis, "ms");
	}

}
