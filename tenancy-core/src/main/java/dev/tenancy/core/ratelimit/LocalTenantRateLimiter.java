package dev.tenancy.core.ratelimit;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * Keeps each tenant's Bucket4j bucket in this instance's memory, so a limit holds per instance: with three
 * instances behind a load balancer, a tenant gets up to three times its limit.
 * <p>
 * Buckets are kept in a Caffeine cache bounded by a number of tenants. A bucket left alone until it is full again
 * is dropped, as it is then no different from a new one; so memory follows the tenants active lately, not all
 * tenants there are. Beyond the bound, the least used buckets are dropped early, and their tenants start again with
 * full buckets: the limit loosens rather than refuses. A tenant whose limit changes keeps its bucket with the new
 * limit, and the share of tokens it had left ({@link TokensInheritanceStrategy#PROPORTIONALLY}). Thread-safe: each
 * bucket takes its tokens atomically.
 */
public final class LocalTenantRateLimiter implements TenantRateLimiter {

	private static final BigInteger NANOS_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private final TenantRateLimits limits;

	private final TimeMeter clock;

	private final Cache<BucketKey, TenantBucket> buckets;

	/**
	 * Creates a limiter on the system's monotonic clock.
	 * @param limits the tenants' limits
	 * @param maximumTenants how many tenants' buckets are kept at most
	 */
	public LocalTenantRateLimiter(TenantRateLimits limits, long maximumTenants) {
		this(limits, maximumTenants, TimeMeter.SYSTEM_NANOTIME);
	}

	/**
	 * Creates a limiter on the given clock, which both refills the buckets and drops idle ones.
	 * @param limits the tenants' limits
	 * @param maximumTenants how many tenants' buckets are kept at most
	 * @param clock the clock, monotonic, in nanoseconds
	 */
	public LocalTenantRateLimiter(TenantRateLimits limits, long maximumTenants, TimeMeter clock) {
		if (maximumTenants <= 0) {
			throw new IllegalArgumentException("maximumTenants must be at least 1, and is " + maximumTenants);
		}
		this.limits = limits;
		this.clock = clock;
		this.buckets = Caffeine.newBuilder()
			// two buckets a tenant: its members' and the rest
			.maximumSize((maximumTenants > Long.MAX_VALUE / 2) ? Long.MAX_VALUE : maximumTenants * 2)
			.expireAfter(Expiry.accessing((BucketKey key, TenantBucket bucket) -> bucket.timeToFill))
			.ticker(clock::currentTimeNanos)
			.build();
	}

	@Override
	public Decision tryAcquire(Tenant tenant, Traffic traffic) {
		Optional<TenantRateLimit> found = this.limits.limitFor(tenant);
		if (found.isEmpty()) {
			return Decision.admit();
		}
		TenantRateLimit limit = found.get();
		TenantBucket bucket = this.buckets.get(new BucketKey(tenant.id(), traffic),
				(key) -> new TenantBucket(limit, this.clock));
		return TenantBuckets.decision(bucket.tryConsume(limit));
	}

	/**
	 * Returns how many tenants' buckets are kept, once idle ones are dropped.
	 * @return the number of buckets
	 */
	long bucketsKept() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	/** How long an empty bucket takes to fill: {@code burstCapacity / capacity} periods, rounded up. */
	private static Duration timeToFill(TenantRateLimit limit) {
		BigInteger[] quotient = BigInteger.valueOf(limit.period().toNanos())
			.multiply(BigInteger.valueOf(limit.burstCapacity()))
			.divideAndRemainder(BigInteger.valueOf(limit.capacity()));
		BigInteger nanos = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
		return Duration.ofNanos(nanos.min(NANOS_MAX).longValueExact());
	}

	/** Which bucket: a tenant's, for one kind of its traffic. */
	private record BucketKey(TenantId tenant, Traffic traffic) {

	}

	/** One tenant's bucket, with the limit it was last configured with. */
	private static final class TenantBucket {

		private final Bucket bucket;

		private volatile TenantRateLimit limit;

		private volatile Duration timeToFill;

		TenantBucket(TenantRateLimit limit, TimeMeter clock) {
			this.bucket = Bucket.builder()
				.addLimit(TenantBuckets.configuration(limit).getBandwidths()[0])
				.withCustomTimePrecision(clock)
				.build();
			this.limit = limit;
			this.timeToFill = timeToFill(limit);
		}

		ConsumptionProbe tryConsume(TenantRateLimit current) {
			if (!current.equals(this.limit)) {
				reconfigure(current);
			}
			return this.bucket.tryConsumeAndReturnRemaining(1);
		}

		private synchronized void reconfigure(TenantRateLimit current) {
			if (!current.equals(this.limit)) {
				this.bucket.replaceConfiguration(TenantBuckets.configuration(current),
						TokensInheritanceStrategy.PROPORTIONALLY);
				this.timeToFill = timeToFill(current);
				this.limit = current;
			}
		}

	}

}
