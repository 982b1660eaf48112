package dev.tenancy.jpa.fuzz;

import java.security.SecureRandom;

/**
 * How big a fuzz run is and where its randomness comes from, from system properties:
 * <ul>
 * <li>{@code tenancy.fuzz.seed}: the one seed every random choice derives from; random when unset, and the same
 * for every variant in one JVM;</li>
 * <li>{@code tenancy.fuzz.operations}: operations per variant (default {@value #DEFAULT_OPERATIONS});</li>
 * <li>{@code tenancy.fuzz.workers}: worker threads of the variants that run concurrently (default 2);</li>
 * <li>{@code tenancy.fuzz.check-every}: operations per worker between two full privileged reconciliations.</li>
 * </ul>
 * Replaying a run needs the same seed, operations and workers.
 * @param seed the seed
 * @param operations operations in the variant
 * @param workers worker threads
 * @param checkEvery operations per worker between full reconciliations
 */
record FuzzSettings(long seed, int operations, int workers, int checkEvery) {

	static final int DEFAULT_OPERATIONS = 5_000;

	private static final long SEED = resolveSeed();

	static FuzzSettings of(int defaultWorkers) {
		int operations = Integer.getInteger("tenancy.fuzz.operations", DEFAULT_OPERATIONS);
		int workers = Integer.getInteger("tenancy.fuzz.workers", defaultWorkers);
		int checkEvery = Integer.getInteger("tenancy.fuzz.check-every", 250);
		if (operations < 1 || workers < 1 || checkEvery < 1) {
			throw new IllegalArgumentException("tenancy.fuzz.operations, workers and check-every must be positive");
		}
		return new FuzzSettings(SEED, operations, workers, checkEvery);
	}

	/** The seed of this JVM: {@code tenancy.fuzz.seed}, or one drawn once. */
	static long jvmSeed() {
		return SEED;
	}

	private static long resolveSeed() {
		String configured = System.getProperty("tenancy.fuzz.seed");
		if (configured != null && !configured.isBlank()) {
			return Long.parseLong(configured.trim());
		}
		return new SecureRandom().nextLong();
	}

}
