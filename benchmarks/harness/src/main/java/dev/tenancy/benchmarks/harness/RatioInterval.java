package dev.tenancy.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.statistics.distribution.TDistribution;
import org.jspecify.annotations.Nullable;

/**
 * How far a throughput ratio can be trusted: the 95% confidence interval of the mean of the per-slice ratios.
 * <p>
 * The scenarios take turns slice by slice, so slice {@code i} of a scenario and slice {@code i} of the baseline ran
 * seconds apart, under about the same load from the rest of the machine; their ratio is one paired observation.
 * The interval is Student's t over those observations. It describes the noise of this run on this machine, not
 * the spread between machines or days.
 *
 * @param mean the mean of the per-slice ratios (close to, but not the same as, the ratio of the totals)
 * @param low the lower bound of the 95% interval
 * @param high the upper bound of the 95% interval
 * @param slices how many paired slices it rests on
 */
record RatioInterval(double mean, double low, double high, int slices) {

	/**
	 * Computes the interval from paired per-slice throughputs.
	 * @param scenario the scenario's requests per second, slice by slice
	 * @param baseline the baseline's, in the same order
	 * @return the interval, or {@code null} with fewer than two usable pairs
	 */
	static @Nullable RatioInterval of(List<Double> scenario, List<Double> baseline) {
		int n = Math.min(scenario.size(), baseline.size());
		List<Double> ratios = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			if (baseline.get(i) > 0) {
				ratios.add(scenario.get(i) / baseline.get(i));
			}
		}
		return ofRatios(ratios);
	}

	/**
	 * Computes the interval of the mean of ratios observed one by one: a run's paired slices, or, in a
	 * {@link RunTally}, the runs themselves; {@link #slices()} then counts the ratios.
	 * @param ratios the observed ratios
	 * @return the interval, or {@code null} with fewer than two ratios
	 */
	static @Nullable RatioInterval ofRatios(List<Double> ratios) {
		int usable = ratios.size();
		if (usable < 2) {
			return null;
		}
		double sum = 0;
		for (double ratio : ratios) {
			sum += ratio;
		}
		double mean = sum / usable;
		double squares = 0;
		for (double ratio : ratios) {
			squares += (ratio - mean) * (ratio - mean);
		}
		double standardError = Math.sqrt(squares / (usable - 1) / usable);
		double t = TDistribution.of(usable - 1).inverseCumulativeProbability(0.975);
		return new RatioInterval(mean, mean - t * standardError, mean + t * standardError, usable);
	}

	/** Whether the whole interval lies at or above a threshold. */
	boolean surelyAtLeast(double threshold) {
		return this.low >= threshold;
	}

	/** Whether the whole interval lies below a threshold. */
	boolean surelyBelow(double threshold) {
		return this.high < threshold;
	}

	/** Whether the whole interval lies at or below a ceiling. */
	boolean surelyAtMost(double ceiling) {
		return this.high <= ceiling;
	}

	/** Whether the whole interval lies above a ceiling. */
	boolean surelyAbove(double ceiling) {
		return this.low > ceiling;
	}

}
