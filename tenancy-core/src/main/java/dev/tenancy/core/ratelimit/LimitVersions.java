package dev.tenancy.core.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenancy.core.TenantId;
import io.github.bucket4j.TimeMeter;

/**
 * The configuration version each tenant's shared buckets are asked for: the wall-clock time at which this instance
 * last asserted the tenant's limit, so that the limit an instance saw change most recently replaces the one in the
 * store.
 * <p>
 * Bucket4j replaces a shared bucket's configuration when a request asks for a higher version than the stored one,
 * and otherwise uses the stored configuration. A version stamped when this instance first sees a tenant's limit
 * (or sees it change) is higher than what instances stamped before, whatever their limit: a change seen on one
 * instance reaches the bucket at once, and instances that have not seen it yet take their tokens under the new
 * limit too. Each stamp is renewed after {@link #REASSERT_AFTER}, so that while instances disagree (a rolling
 * deployment, a plan cache not refreshed everywhere) no instance's view sticks: once they agree, the bucket follows
 * within that time. A renewal that finds the same limit in the store changes nothing but the version. Thread-safe.
 */
final class LimitVersions {

	/** How long a stamp is kept before the limit is asserted again with a newer one. */
	static final Duration REASSERT_AFTER = Duration.ofMinutes(1);

	/** Tenants whose stamps are kept at most; one dropped early costs one configuration write when it comes back. */
	private static final long MAXIMUM_STAMPS = 100_000;

	private final TimeMeter wallClock;

	private final Cache<TenantId, Stamp> stamps;

	/**
	 * @param wallClock what versions are read from, compared across instances
	 * @param ticker what stamps expire by: monotonic
	 */
	LimitVersions(TimeMeter wallClock, TimeMeter ticker) {
		this.wallClock = wallClock;
		this.stamps = Caffeine.newBuilder()
			.maximumSize(MAXIMUM_STAMPS)
			.expireAfterWrite(REASSERT_AFTER)
			.ticker(ticker::currentTimeNanos)
			.build();
	}

	/**
	 * Returns the version to ask the store for with the tenant's current limit.
	 * @param tenant the tenant
	 * @param limit its limit as this instance sees it now
	 * @return the version, higher than any this instance returned for the tenant with another limit
	 */
	long versionOf(TenantId tenant, TenantRateLimit limit) {
		Stamp stamp = this.stamps.getIfPresent(tenant);
		if (stamp != null && stamp.limit().equals(limit)) {
			return stamp.version();
		}
		return this.stamps.asMap().compute(tenant, (key, previous) -> {
			if (previous != null && previous.limit().equals(limit)) {
				return previous;
			}
			long now = this.wallClock.currentTimeNanos();
			// two changes within the clock's resolution still get increasing versions
			return new Stamp(limit, (previous != null) ? Math.max(now, previous.version() + 1) : now);
		}).version();
	}

	private record Stamp(TenantRateLimit limit, long version) {

	}

}
