package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.util.List;

/**
 * How much data, load and time one run uses. {@code quick} fits, builds included, in ten minutes on two cores;
 * {@code full} measures longer, with more data, more concurrency and two rounds in alternating order.
 *
 * @param name the profile's name, also the name of the result files
 * @param tenants number of tenants
 * @param projectsPerTenant projects seeded for each tenant
 * @param tokensPerTenant distinct tokens (users) per tenant
 * @param concurrency requests in flight at any time
 * @param warmup mixed load before anything is measured, per scenario and round
 * @param measure how long each workload is measured, per scenario and round
 * @param rounds how many times every scenario is run; the second round runs them in reverse order
 * @param poolSize the application's connection pool, in every scenario
 * @param databaseTenantPoolSize the pool of each DATABASE tenant
 * @param appJvmOptions JVM options of the application process, the same in every scenario
 */
record RunProfile(String name, int tenants, int projectsPerTenant, int tokensPerTenant, int concurrency,
		Duration warmup, Duration measure, int rounds, int poolSize, int databaseTenantPoolSize,
		List<String> appJvmOptions) {

	static final List<String> APP_JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");

	static RunProfile named(String name) {
		return switch (name) {
			case "quick" -> new RunProfile("quick", 8, 1_000, 4, 8, Duration.ofSeconds(12), Duration.ofSeconds(8), 1, 8,
					2, APP_JVM_OPTIONS);
			case "full" -> new RunProfile("full", 16, 5_000, 8, 16, Duration.ofSeconds(30), Duration.ofSeconds(30), 2,
					8, 2, APP_JVM_OPTIONS);
			default -> throw new IllegalArgumentException("unknown profile '" + name + "'; use quick or full");
		};
	}

	RunProfile withConcurrency(int concurrency) {
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, concurrency,
				this.warmup, this.measure, this.rounds, this.poolSize, this.databaseTenantPoolSize, this.appJvmOptions);
	}

	RunProfile withTimes(Duration warmup, Duration measure) {
		return new RunProfile(this.name, this.tenants, this.projectsPerTenant, this.tokensPerTenant, this.concurrency,
				warmup, measure, this.rounds, this.poolSize, this.databaseTenantPoolSize, this.appJvmOptions);
	}

	List<String> tenantIds() {
		return java.util.stream.IntStream.rangeClosed(1, this.tenants)
			.mapToObj((i) -> String.format("tenant%02d", i))
			.toList();
	}

}
