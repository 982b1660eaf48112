package dev.tenancy.jpa.fuzz;

import java.security.SecureRandom;

/**
 * How big a fuzz run is and where its randomness comes from, from system properties:
 * <ul>
 * <li>{@code tenancy.fuzz.seed}: the one seed every random choice derives from; random when unset, and the same
 * for every variant in one JVM;</li>
 * <li>{@code tenancy.fuzz.operations}: operations of each variant (by default 6,000 with both layers, 5,000 with
 * each layer alone, 4,000 on the pool of one connection: 20,000 in all); the control run with both layers off
 * takes {@code tenancy.fuzz.control-operations} (default 4,500) instead;</li>
 * <li>{@code tenancy.fuzz.workers}: worker threads of the variants that run concurrently (default 2);</li>
 * <li>{@code tenancy.fuzz.check-every}: operations per worker between two full privileged reconciliations.</li>
 * </ul>
 * Replaying a run needs the same seed, operations and workers. {@code -Dtenancy.fuzz.app.<property>=<value>} passes
 * any other property to the application under test.
 * @param seed the seed
 * @param operations operations in the variant
 * @param workers worker threads
 * @param checkEvery operations per worker between full reconciliations
 */
record FuzzSettings(long seed, int operations, int workers, int checkEvery) {

	private static final long SEED = resolveSeed();

	static FuzzSettings of(FuzzVariant variant) {
		int operations = Integer.getInteger(variant.isControl() ? "tenancy.fuzz.control-operations" : "tenancy.fuzz.operations",
				variant.defaultOperations());
		int workers = Integer.getInteger("tenancy.fuzz.workers", variant.defaultWorkers());
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
