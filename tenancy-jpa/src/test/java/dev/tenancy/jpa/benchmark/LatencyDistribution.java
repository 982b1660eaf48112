package dev.tenancy.jpa.benchmark;

import java.util.Arrays;

/**
 * The median, 99th percentile and maximum of measured durations, in milliseconds, by nearest rank.
 *
 * @param samples how many durations were measured
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the longest
 */
public record LatencyDistribution(int samples, double p50, double p99, double max) {

	/**
	 * Returns the distribution of durations measured in nanoseconds.
	 * @param nanos the durations; not modified
	 * @return the distribution, in milliseconds
	 * @throws IllegalArgumentException if there are none
	 */
	public static LatencyDistribution ofNanos(long[] nanos) {
		if (nanos.length == 0) {
			throw new IllegalArgumentException("no durations were measured");
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new LatencyDistribution(sorted.length, millis(rank(sorted, 0.50)), millis(rank(sorted, 0.99)),
				millis(sorted[sorted.length - 1]));
	}

	/**
	 * Returns the distribution as text, for example {@code p50 1.20 ms, p99 3.40 ms, max 9.80 ms (300 samples)}.
	 * @return the text
	 */
	public String describe() {
		return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)", this.p50, this.p99, this.max,
				this.samples);
	}

	private static long rank(long[] sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

}
