package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.jspecify.annotations.Nullable;

/**
 * The buckets in the store, through its asynchronous API where it has one. Each bucket in use keeps one Bucket4j
 * proxy, built for the configuration version it asks for and with Bucket4j's batching: requests of this instance
 * to one bucket that arrive while one is on its way to the store go together in the next round trip, instead of
 * colliding in the store and trying again. Thread-safe.
 */
final class SharedBuckets {

	/** Buckets whose proxies are kept at most; one dropped costs nothing but its batching. */
	private static final long MAXIMUM_PROXIES = 100_000;

	private static final Duration PROXY_IDLE_TIME = Duration.ofMinutes(1);

	private final ProxyManager<String> buckets;

	private final @Nullable AsyncProxyManager<String> asyncBuckets;

	private final Cache<String, VersionedBucket> proxies;

	SharedBuckets(ProxyManager<String> buckets, TimeMeter clock) {
		this.buckets = buckets;
		this.asyncBuckets = buckets.isAsyncModeSupported() ? buckets.asAsync() : null;
		this.proxies = Caffeine.newBuilder()
			.maximumSize(MAXIMUM_PROXIES)
			.expireAfterAccess(PROXY_IDLE_TIME)
			.ticker(clock::currentTimeNanos)
			.build();
	}

	/** Whether a request can give up waiting for the store: it answers through futures. */
	boolean isAsynchronous() {
		return this.asyncBuckets != null;
	}

	/**
	 * Takes a token from a bucket, creating it, or replacing its configuration, if its version is lower than asked.
	 * @return the probe; completed already, or thrown, for a store without an asynchronous API
	 */
	CompletableFuture<ConsumptionProbe> tryConsume(String key, TenantRateLimit limit, long version) {
		VersionedBucket bucket = this.proxies.getIfPresent(key);
		if (bucket == null || bucket.version() != version) {
			bucket = newBucket(key, limit, version);
			this.proxies.put(key, bucket);
		}
		return bucket.tryConsume();
	}

	/**
	 * Drops a bucket's proxy after its request failed, so that the next request does not queue behind one the store
	 * may never answer.
	 */
	void forget(String key) {
		this.proxies.invalidate(key);
	}

	private VersionedBucket newBucket(String key, TenantRateLimit limit, long version) {
		if (this.asyncBuckets != null) {
			AsyncBucketProxy proxy = this.asyncBuckets.builder()
				.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
				.withOptimization(Optimizations.batching())
				.build(key, () -> CompletableFuture.completedFuture(TenantBuckets.configuration(limit)));
			return new VersionedBucket(version, () -> proxy.tryConsumeAndReturnRemaining(1));
		}
		BucketProxy proxy = this.buckets.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
			.withOptimization(Optimizations.batching())
			.build(key, () -> TenantBuckets.configuration(limit));
		return new VersionedBucket(version,
				() -> CompletableFuture.completedFuture(proxy.tryConsumeAndReturnRemaining(1)));
	}

	/** A bucket's proxy for one configuration version. */
	private record VersionedBucket(long version, Consumption consumption) {

		CompletableFuture<ConsumptionProbe> tryConsume() {
			return this.consumption.tryConsume();
		}

	}

	@FunctionalInterface
	private interface Consumption {

		CompletableFuture<ConsumptionProbe> tryConsume();

	}

}
