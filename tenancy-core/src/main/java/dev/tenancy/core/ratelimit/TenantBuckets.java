package dev.tenancy.core.ratelimit;

import java.time.Duration;

import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * What the local and the distributed limiter share: a limit as a Bucket4j configuration, and a probe as a decision.
 */
final class TenantBuckets {

	private TenantBuckets() {
	}

	/** One bandwidth: {@code burstCapacity} tokens, refilled greedily at {@code capacity} per {@code period}. */
	static BucketConfiguration configuration(TenantRateLimit limit) {
		return BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(limit.burstCapacity())
				.refillGreedy(limit.capacity(), limit.period())
				.build())
			.build();
	}

	static Decision decision(ConsumptionProbe probe) {
		// a refused probe can report zero nanoseconds to wait when a token arrives in the same instant
		return probe.isConsumed() ? Decision.admit()
				: Decision.refuse(Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1)));
	}

}
