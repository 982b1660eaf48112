package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * How much data, load and time one run uses. {@code quick} fits, builds included, in ten minutes on two cores;
 * {@code full} measures longer, with more data and more concurrency, and adds the open-loop workload.
 * <p>
 * Every workload is measured in {@code slices} slices of {@code slice} per scenario, the scenarios taking turns
 * slice by slice, so that a machine whose load changes during the run (other builds) weighs on all of them alike.
 *
 * @param name the profile's name, also the name of the result files
 * @param tenants number of tenants
 * @param projectsPerTenant projects seeded for each tenant
 * @param tokensPerTenant distinct tokens (users) per tenant
 * @param concurrency requests in flight at any time
 * @param warmup mixed load before anything is measured, per scenario
 * @param slice one measured slice
 * @param slices slices per workload and scenario
 * @param poolSize the application's connection pool, in every scenario
 * @param databaseTenantPoolSize the pool of each DATABASE tenant
 * @param appJvmOptions JVM options of the application process, the same in every scenario
 * @param pacedShare the open-loop workload's rate, as a share of the baseline's closed-loop mixed throughput;
 * {@code null} to leave that workload out
 * @param settleJit after the warm-up, keep warming each application up until its JIT compiler threads used less than
 * this share of its CPU ({@link JitSettling}); {@code null} for the fixed warm-up alone
 */
record RunProfile(String name, int tenants, int projectsPerTenant, int tokensPerTenant, int concurrency,
		Duration warmup, Duration slice, int slices, int poolSize, int databaseTenantPoolSize,
		List<String> appJvmOptions, @Nullable Double pacedShare, @Nullable Double settleJit) {

	/**
	 * The full profile's open-loop rate: half the machine's capacity for the baseline, busy but short of the queueing
	 * that saturation brings. The quick profile leaves that workload out: its 10 s per scenario, measured while the
	 * JIT still takes about 40% of the applications' CPU, show pauses rather than what a request costs, and its
	 * minute keeps the run inside its ten minutes on a slow machine.
	 */
	static final double FULL_PACED_SHARE = 0.5;

	static final List<String> APP_JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");

	/**
	 * The full profile's JIT threshold: compiling then takes a few percent of an application's CPU, as much as the
	 * scenarios differ by. The quick profile does not wait (it would take about seven minutes more, past its budget),
	 * so its first workloads measure some compiling.
	 */
	static final double FULL_SETTLE_JIT = 0.05;

	static RunProfile named(String name) {
		return switch (name) {
			case "quick" -> new RunProfile("quick", 8, 1_000, 4, 8, Duration.ofSeconds(15), Duration.ofSeconds(2), 5, 8,
					2, APP_JVM_OPTIONS, null, null);
			case "full" -> new RunProfile("full", 12, 5_000, 8, 16, Duration.ofSeconds(40), Duration.ofSeconds(5), 12, 8,
					2, APP_JVM_OPTIONS, FULL_PACED_SHARE, FULL_SETTLE_JIT);
			default -> throw new IllegalArgumentException("unknown profile '" + name + "'; use quick or full");
		};
	}

	/** Measured time per workload and scenario. */
	Duration measure() {
		return this.slice.multipliedBy(this.slices);
	}

	RunProfile withConcurrency(int concurrency) {
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, concurrency,
				this.warmup, this.slice, this.slices, this.poolSize, this.databaseTenantPoolSize, this.appJvmOptions,
				this.pacedShare, this.settleJit);
	}

	RunProfile withPoolSize(int poolSize) {
		if (poolSize < 1) {
			throw new IllegalArgumentException("--pool-size must be at least 1, not " + poolSize);
		}
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, this.concurrency,
				this.warmup, this.slice, this.slices, poolSize, this.databaseTenantPoolSize, this.appJvmOptions,
				this.pacedShare, this.settleJit);
	}

	RunProfile withTimes(Duration warmup, Duration slice, int slices) {
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, this.concurrency,
				warmup, slice, slices, this.poolSize, this.databaseTenantPoolSize, this.appJvmOptions, this.pacedShare,
				this.settleJit);
	}

	/**
	 * Sets the open-loop workload's rate.
	 * @param share a share of the baseline's closed-loop mixed throughput, above 0 and at most 1, or {@code "off"}
	 * to leave the workload out
	 */
	RunProfile withPacedShare(String share) {
		Double rate = shareOrOff("--paced-share", share, "above 0 and at most 1");
		if (rate != null && !(rate > 0 && rate <= 1)) {
			throw new IllegalArgumentException("--paced-share must be above 0 and at most 1, not " + share);
		}
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, this.concurrency,
				this.warmup, this.slice, this.slices, this.poolSize, this.databaseTenantPoolSize, this.appJvmOptions,
				rate, this.settleJit);
	}

	/**
	 * Sets the JIT threshold of the extended warm-up.
	 * @param share the threshold, or {@code "off"} for the fixed warm-up alone
	 */
	RunProfile withSettleJit(String share) {
		Double threshold = shareOrOff("--settle-jit", share, "above 0 and below 1");
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, this.concurrency,
				this.warmup, this.slice, this.slices, this.poolSize, this.databaseTenantPoolSize, this.appJvmOptions,
				this.pacedShare, threshold);
	}

	/** Reads an option that takes a share or {@code off}, which it returns as {@code null}. */
	private static @Nullable Double shareOrOff(String option, String value, String range) {
		if (value.equals("off")) {
			return null;
		}
		try {
			return Double.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " takes a share " + range + ", or off; not '" + value + "'", ex);
		}
	}

	List<String> tenantIds() {
		return IntStream.rangeClosed(1, this.tenants).mapToObj((i) -> String.format("tenant%02d", i)).toList();
	}

}
