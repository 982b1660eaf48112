package dev.tenancy.core.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets the store answers for with an error of their own, such as a key holding another kind of value or state
 * written by an incompatible Bucket4j: their requests fall back to this instance's own buckets, and each such bucket
 * is warned of once per {@link #WARN_AGAIN_AFTER}, while the store goes on being asked for the others. Thread-safe.
 */
final class UnreadableBuckets {

	static final Duration WARN_AGAIN_AFTER = Duration.ofMinutes(10);

	private static final Logger logger = LoggerFactory.getLogger(DistributedTenantRateLimiter.class);

	private final String store;

	private final Cache<String, Boolean> warned;

	UnreadableBuckets(String store, TimeMeter ticker) {
		this.store = store;
		this.warned = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterWrite(WARN_AGAIN_AFTER)
			.ticker(ticker::currentTimeNanos)
			.build();
	}

	/**
	 * Whether a failure concerns one bucket rather than the store: an error the store answered a command with
	 * (Lettuce's and Redisson's {@code RedisCommandExecutionException}, Jedis's {@code JedisDataException}), or
	 * Bucket4j's refusal of state it cannot read ({@code io.github.bucket4j.distributed.versioning}). Timeouts and
	 * connection failures are the store's.
	 */
	static boolean concernsOneBucket(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String name = cause.getClass().getName();
			if (name.endsWith("CommandExecutionException") || name.endsWith("JedisDataException")
					|| name.startsWith("io.github.bucket4j.distributed.versioning.")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	void failed(String key, Throwable failure) {
		if (this.warned.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
			logger.warn("The store of the shared rate-limit buckets ({}) cannot serve the bucket '{}': {}. Its "
					+ "requests are limited by this instance's own bucket; delete the key if it holds something else",
					this.store, key, failure.getMessage(), failure);
		}
	}

}
