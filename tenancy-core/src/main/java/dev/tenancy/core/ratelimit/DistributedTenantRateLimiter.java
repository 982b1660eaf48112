package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.jspecify.annotations.Nullable;

/**
 * Keeps each tenant's buckets in a store that all instances of the application share, through a Bucket4j
 * {@link ProxyManager}, so that a limit holds across instances: Redis (Lettuce, Redisson, Jedis), a JDBC database,
 * Hazelcast, or any other store Bucket4j integrates.
 * <p>
 * A tenant's buckets are the keys {@code <keyPrefix>:<tenant id>:members} and {@code <keyPrefix>:<tenant id>:others}
 * ({@link #key}). A limit that changes, in properties or from {@link TenantRateLimits}, replaces the configuration of
 * the shared bucket from the next request of the instance that sees it, keeping the share of tokens left
 * ({@link TokensInheritanceStrategy#PROPORTIONALLY}): each request asks for a configuration version, the time at which
 * this instance last asserted the tenant's limit, and Bucket4j replaces a stored configuration of a lower version.
 * <p>
 * A store that fails, or does not answer within the timeout, never fails a request: the request is limited by
 * {@code fallback}, this instance's own buckets, and so are all requests until the store answers again, asked by one
 * request per retry interval; a warning is logged when the store starts failing, not per request, and
 * {@link #fallbacks()} counts the requests limited by the fallback. The timeout bounds a store with an asynchronous
 * API ({@link ProxyManager#isAsyncModeSupported()}, such as Lettuce's); a synchronous one (JDBC, Jedis) is asked on
 * the caller's thread and bounded by its own timeouts, such as Bucket4j's
 * {@code ExecutionStrategy.backgroundTimeBounded} on its {@code ProxyManager}. A {@link TenantRateLimits} that throws
 * is not a store failure: its exception goes to the caller. Thread-safe.
 */
public final class DistributedTenantRateLimiter implements TenantRateLimiter {

	private static final String SEPARATOR = ":";

	private final SharedBuckets buckets;

	private final TenantRateLimits limits;

	private final TenantRateLimiter fallback;

	private final String keyPrefix;

	private final long timeoutNanos;

	private final LimitVersions versions;

	private final StoreOutage outage;

	private final UnreadableBuckets unreadable;

	private final LongAdder fallbacks = new LongAdder();

	/**
	 * Creates a limiter on the system's wall clock, which the configuration versions of all instances are compared
	 * by.
	 * @param buckets the store's proxy manager, keyed by strings
	 * @param limits the tenants' limits
	 * @param fallback the limiter of requests while the store fails, usually a {@link LocalTenantRateLimiter}
	 * @param keyPrefix what the keys of this application's buckets start with, apart from other applications' in the
	 * same store; not empty
	 * @param timeout how long a request waits for an asynchronous store at most before the fallback limits it
	 * @param retryInterval how long the fallback limits requests after the store failed before it is asked again
	 */
	public DistributedTenantRateLimiter(ProxyManager<String> buckets, TenantRateLimits limits,
			TenantRateLimiter fallback, String keyPrefix, Duration timeout, Duration retryInterval) {
		this(buckets, limits, fallback, keyPrefix, timeout, retryInterval, TimeMeter.SYSTEM_MILLISECONDS,
				TimeMeter.SYSTEM_NANOTIME);
	}

	/** For tests: one clock for both. */
	DistributedTenantRateLimiter(ProxyManager<String> buckets, TenantRateLimits limits, TenantRateLimiter fallback,
			String keyPrefix, Duration timeout, Duration retryInterval, TimeMeter clock) {
		this(buckets, limits, fallback, keyPrefix, timeout, retryInterval, clock, clock);
	}

	/**
	 * @param wallClock what configuration versions are read from, compared across instances
	 * @param ticker what everything else is timed by: monotonic, so that a clock set back delays nothing
	 */
	private DistributedTenantRateLimiter(ProxyManager<String> buckets, TenantRateLimits limits,
			TenantRateLimiter fallback, String keyPrefix, Duration timeout, Duration retryInterval, TimeMeter wallClock,
			TimeMeter ticker) {
		if (keyPrefix.isBlank()) {
			throw new IllegalArgumentException("keyPrefix must not be blank");
		}
		if (timeout.isNegative() || timeout.isZero() || retryInterval.isNegative() || retryInterval.isZero()) {
			throw new IllegalArgumentException("timeout and retryInterval must be positive, and are " + timeout
					+ " and " + retryInterval);
		}
		this.buckets = new SharedBuckets(buckets, ticker);
		this.limits = limits;
		this.fallback = fallback;
		this.keyPrefix = keyPrefix;
		this.timeoutNanos = timeout.toNanos();
		this.versions = new LimitVersions(wallClock, ticker);
		this.outage = new StoreOutage(buckets.getClass().getName(), retryInterval, ticker);
		this.unreadable = new UnreadableBuckets(buckets.getClass().getName(), ticker);
	}

	/**
	 * Returns the key of a tenant's bucket for one kind of its traffic: {@code <keyPrefix>:<tenant id>:members} or
	 * {@code <keyPrefix>:<tenant id>:others}, such as {@code tenancy:rate-limit:acme:members}.
	 * <p>
	 * A tenant id never holds {@code ':'} ({@link TenantId#PATTERN}), so the last two parts of a key are always its
	 * tenant and its kind of traffic, and the rest its prefix: keys differing in prefix, tenant or traffic never
	 * collide, whatever the prefixes hold.
	 * @param keyPrefix the application's prefix
	 * @param tenant the tenant
	 * @param traffic the kind of traffic
	 * @return the key
	 */
	public static String key(String keyPrefix, TenantId tenant, Traffic traffic) {
		String kind = (traffic == Traffic.MEMBERS) ? "members" : "others";
		return keyPrefix + SEPARATOR + tenant.value() + SEPARATOR + kind;
	}

	@Override
	public Decision tryAcquire(Tenant tenant, Traffic traffic) {
		Optional<TenantRateLimit> found = this.limits.limitFor(tenant);
		if (found.isEmpty()) {
			return Decision.admit();
		}
		if (this.outage.shouldAsk()) {
			TenantRateLimit limit = found.get();
			String key = key(this.keyPrefix, tenant.id(), traffic);
			long askedAt = this.outage.now();
			try {
				ConsumptionProbe probe = consume(key, limit, this.versions.versionOf(tenant.id(), limit));
				if (probe != null) {
					this.outage.answered(askedAt);
					return TenantBuckets.decision(probe);
				}
			}
			catch (RuntimeException ex) {
				if (UnreadableBuckets.concernsOneBucket(ex)) {
					// the store answers, but not for this bucket: no reason to stop asking it for the others
					this.outage.answered(askedAt);
					this.unreadable.failed(key, ex);
				}
				else {
					this.outage.failed(ex);
				}
			}
		}
		this.fallbacks.increment();
		return this.fallback.tryAcquire(tenant, traffic);
	}

	/**
	 * Returns how many requests the fallback limited since this limiter was created, because the store failed or was
	 * being given time to recover.
	 * @return the number of requests
	 */
	public long fallbacks() {
		return this.fallbacks.sum();
	}

	/**
	 * Takes a token from the shared bucket, waiting for an asynchronous store at most the timeout.
	 * @return the probe, or {@code null} if this thread was interrupted while waiting, which says nothing of the store
	 */
	private @Nullable ConsumptionProbe consume(String key, TenantRateLimit limit, long version) {
		try {
			return this.buckets.tryConsume(key, limit, version).get(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			this.buckets.forget(key);
			throw new StoreTimeoutException(Duration.ofNanos(this.timeoutNanos));
		}
		catch (ExecutionException ex) {
			this.buckets.forget(key);
			Throwable cause = ex.getCause();
			if (cause instanceof Error error) {
				throw error;
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (RuntimeException ex) {
			// from a store without an asynchronous API, on this thread
			this.buckets.forget(key);
			throw ex;
		}
	}

	/** The store did not answer in time. */
	static final class StoreTimeoutException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StoreTimeoutException(Duration timeout) {
			super("no answer within " + timeout.toMillis() + " ms", null, false, false);
		}

	}

}
