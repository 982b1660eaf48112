package dev.tenancy.benchmarks.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.DistributedTenantRateLimiter;
import dev.tenancy.core.ratelimit.LocalTenantRateLimiter;
import dev.tenancy.core.ratelimit.PropertiesTenantRateLimits;
import dev.tenancy.core.ratelimit.TenantRateLimit;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Traffic;
import dev.tenancy.core.ratelimit.TenantRateLimits;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What a tenant's rate limit costs a request: a token taken from the tenant's bucket in this instance's memory
 * ({@code LocalTenantRateLimiter}), and from its bucket shared in Redis ({@code DistributedTenantRateLimiter} over
 * Bucket4j's Lettuce integration: a {@code GET} and a compare-and-swap script, two round trips), one tenant after
 * another of 100, by one thread; and by four threads at once on one tenant's bucket, whose requests Bucket4j's
 * batching sends together while one is on its way. The limits are far above what the benchmark sends: every request
 * is admitted.
 * <p>
 * The distributed benchmarks need Redis, at {@code redis://127.0.0.1:6379} or the URL of the system property
 * {@code tenancy.bench.redis}; each trial keeps its buckets under a key prefix of its own and deletes them at the
 * end. {@code benchmarks/run} leaves them out when nothing answers there. A trial whose requests fell back to local
 * buckets says so on standard error: its score is not the store's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimiterBenchmark {

	private static final TenantRateLimits LIMITS = new PropertiesTenantRateLimits(
			TenantRateLimit.of(1_000_000_000L, Duration.ofSeconds(1)), Map.of());

	private static final Tenant[] TENANTS = new Tenant[100];

	static {
		for (int i = 0; i < TENANTS.length; i++) {
			TENANTS[i] = Tenant.active("tenant-" + i);
		}
	}

	/** This instance's buckets, one tenant after another. */
	@Benchmark
	public Decision local(LocalBuckets buckets, CatalogLookupBenchmark.Cursor cursor) {
		return buckets.limiter.tryAcquire(TENANTS[cursor.next(TENANTS.length)], Traffic.MEMBERS);
	}

	/** Buckets shared in Redis, one tenant after another. */
	@Benchmark
	public Decision distributed(SharedBuckets buckets, CatalogLookupBenchmark.Cursor cursor) {
		return buckets.limiter.tryAcquire(TENANTS[cursor.next(TENANTS.length)], Traffic.MEMBERS);
	}

	/** Four threads of one instance on one tenant's shared bucket. */
	@Benchmark
	@Threads(4)
	public Decision distributedOneTenantFourThreads(SharedBuckets buckets) {
		return buckets.limiter.tryAcquire(TENANTS[0], Traffic.MEMBERS);
	}

	/**
	 * The local limiter, as the auto-configuration makes it.
	 */
	@State(Scope.Benchmark)
	public static class LocalBuckets {

		final TenantRateLimiter limiter = new LocalTenantRateLimiter(LIMITS, 10_000);

	}

	/**
	 * The distributed limiter over one connection to Redis, as one application instance has it, with the defaults
	 * of {@code tenancy.rate-limit.distributed} but the timeout.
	 */
	@State(Scope.Benchmark)
	public static class SharedBuckets {

		/**
		 * Long enough that a request slowed down by a busy machine waits rather than falls back: a score that
		 * includes requests the store never saw (each fallback sends the next 5 s of requests to local buckets) is not
		 * the store's cost.
		 */
		private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

		private final String prefix = "tenancy-bench:" + UUID.randomUUID();

		// opened by connect() before the first invocation, closed by disconnect()

		private RedisClient client;

		private StatefulRedisConnection<String, byte[]> connection;

		private DistributedTenantRateLimiter limiter;

		@Setup(Level.Trial)
		public void connect() {
			this.client = RedisClient.create(System.getProperty("tenancy.bench.redis", "redis://127.0.0.1:6379"));
			this.connection = this.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
			this.limiter = new DistributedTenantRateLimiter(Bucket4jLettuce.casBasedBuilder(this.connection)
				.expirationAfterWrite(
						ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
				.build(), LIMITS, new LocalTenantRateLimiter(LIMITS, 10_000), this.prefix, STORE_TIMEOUT,
					Duration.ofSeconds(5));
		}

		@TearDown(Level.Trial)
		public void disconnect() {
			if (this.limiter.fallbacks() > 0) {
				System.err.println("WARNING: " + this.limiter.fallbacks() + " requests fell back to local buckets");
			}
			List<String> keys = this.connection.sync().keys(this.prefix + ":*");
			if (!keys.isEmpty()) {
				this.connection.sync().del(keys.toArray(String[]::new));
			}
			this.connection.close();
			this.client.shutdown();
		}

	}

}
