package dev.tenancy.benchmarks.harness;

import java.time.Duration;

/**
 * Keeps warming an application up after its fixed warm-up, one round of the mixed workload at a time, until its JIT
 * compiler threads used less than a share of its CPU in the last round, or until a longest warm-up is reached. A
 * machine slower than the profile expects (or shared with other work) compiles for longer; without this, the first
 * workloads measure compiling as much as serving ({@link JitCompilerThreads}).
 *
 * @param share the JIT's share of the application's CPU below which it counts as settled, above 0 and below 1
 * @param round one round of load
 * @param max the longest extra warm-up; at least one round runs
 */
record JitSettling(double share, Duration round, Duration max) {

	JitSettling {
		if (!(share > 0 && share < 1)) {
			throw new IllegalArgumentException("--settle-jit must be above 0 and below 1, not " + share);
		}
		if (round.isNegative() || round.isZero() || max.isNegative()) {
			throw new IllegalArgumentException("the warm-up's rounds need a positive length and a longest time");
		}
	}

	/**
	 * Runs rounds until the JIT settles, the longest warm-up is reached, or its share cannot be read (then there is
	 * nothing to wait for).
	 * @param round runs one round of load and returns the JIT's share of the application's CPU during it, NaN if
	 * unknown
	 * @return how many rounds ran and how the last one ended
	 */
	Outcome settle(Round round) throws InterruptedException {
		long maxRounds = Math.max(1, this.max.toMillis() / this.round.toMillis());
		int rounds = 0;
		double last = Double.NaN;
		while (rounds < maxRounds) {
			last = round.jitShare();
			rounds++;
			if (Double.isNaN(last) || last < this.share) {
				break;
			}
		}
		return new Outcome(rounds, rounds * this.round.toMillis() / 1000.0, last, last < this.share);
	}

	/** One round of warm-up load. */
	@FunctionalInterface
	interface Round {

		double jitShare() throws InterruptedException;

	}

	/**
	 * How an application's extra warm-up went.
	 *
	 * @param rounds rounds run
	 * @param seconds their load time
	 * @param lastShare the JIT's share of the application's CPU in the last round, NaN if unknown
	 * @param settled whether that share was below the threshold
	 */
	record Outcome(int rounds, double seconds, double lastShare, boolean settled) {

	}

}
