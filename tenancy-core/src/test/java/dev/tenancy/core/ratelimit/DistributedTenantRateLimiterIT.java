package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Traffic;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Buckets shared in a real Redis (Bucket4j's Lettuce integration), each limiter standing for one instance of an
 * application with a connection of its own. The buckets and the limiters share a manual clock, so refills and retry
 * intervals are exact; limits count per hour, so that what a test takes is not given back while it runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedTenantRateLimiterIT {

	private static final Tenant ACME = Tenant.active("acme");

	private static final Tenant GLOBEX = Tenant.active("globex");

	private static final TenantRateLimit THREE_AN_HOUR = TenantRateLimit.of(3, Duration.ofHours(1));

	/** What the tests give an unanswered store before the fallback limits the request. */
	private static final Duration TIMEOUT = Duration.ofMillis(200);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

	private static final String FALLBACK_WARNING = "each instance limits tenants with buckets of its own";

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private final ManualClock clock = ManualClock.startingNow();

	@Test
	void twoInstancesTakeFromOneBucketOfTheTenant() {
		TenantRateLimiter first = instance(THREE_AN_HOUR);
		TenantRateLimiter second = instance(THREE_AN_HOUR);
		assertThat(admitted(first, ACME, 2)).isEqualTo(2);
		assertThat(admitted(second, ACME, 5)).as("the third token, and no more").isEqualTo(1);
		Decision refused = first.tryAcquire(ACME, Traffic.MEMBERS);
		assertThat(refused.admitted()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(20));

		this.clock.advance(Duration.ofMinutes(20));
		assertThat(admitted(second, ACME, 5)).as("one token refilled in the shared bucket").isEqualTo(1);
		assertThat(first.tryAcquire(ACME, Traffic.MEMBERS).admitted()).isFalse();
		assertThat(redis.keys(redis.prefix())).containsExactly(redis.prefix() + ":acme:members");
	}

	@Test
	void tenantsAndKindsOfTrafficHaveBucketsOfTheirOwn() {
		TenantRateLimiter first = instance(THREE_AN_HOUR);
		TenantRateLimiter second = instance(THREE_AN_HOUR);
		assertThat(admitted(first, ACME, 5)).isEqualTo(3);
		assertThat(admitted(second, ACME, Traffic.OTHERS, 5)).isEqualTo(3);
		assertThat(admitted(second, GLOBEX, 5)).isEqualTo(3);
		assertThat(admitted(first, GLOBEX, Traffic.OTHERS, 5)).isEqualTo(3);
		assertThat(redis.keys(redis.prefix())).containsExactly(redis.prefix() + ":acme:members",
				redis.prefix() + ":acme:others", redis.prefix() + ":globex:members", redis.prefix() + ":globex:others");
		// expiring once the bucket would be full again, as the documented ProxyManager is configured
		assertThat(redis.timeToLive(redis.prefix() + ":acme:members")).isPositive()
			.isLessThanOrEqualTo(Duration.ofHours(1).plusMinutes(1));
	}

	@Test
	void keyPrefixesKeepApplicationsApart() {
		String otherPrefix = redis.prefix() + "-billing";
		TenantRateLimiter billing = limiter(redis.newProxyManager(this.clock), fixed(THREE_AN_HOUR), otherPrefix);
		TenantRateLimiter orders = instance(THREE_AN_HOUR);
		assertThat(admitted(orders, ACME, 5)).isEqualTo(3);
		assertThat(admitted(billing, ACME, 5)).isEqualTo(3);
		assertThat(redis.keys(redis.prefix())).contains(redis.prefix() + ":acme:members",
				otherPrefix + ":acme:members");
	}

	@Test
	void aChangedLimitReachesTheSharedBucketAlsoForInstancesThatHaveNotSeenItYet() {
		AtomicReference<TenantRateLimit> firstSees = new AtomicReference<>(TenantRateLimit.of(10, Duration.ofHours(1)));
		TenantRateLimiter first = limiter(redis.newProxyManager(this.clock), (tenant) -> Optional.of(firstSees.get()),
				redis.prefix());
		TenantRateLimiter second = instance(TenantRateLimit.of(10, Duration.ofHours(1)));
		assertThat(admitted(first, ACME, 2)).isEqualTo(2);
		assertThat(admitted(second, ACME, 2)).isEqualTo(2);

		firstSees.set(TenantRateLimit.of(100, Duration.ofHours(1)));
		assertThat(first.tryAcquire(ACME, Traffic.MEMBERS).admitted()).isTrue();
		// 6 of 10 tokens were left, so 60 of 100, one taken: the second instance, still on 10 an hour, takes the rest
		assertThat(admitted(second, ACME, 1_000)).isEqualTo(59);
	}

	@Test
	void anInstanceStartedWithNewPropertiesReplacesTheLimitOfTheSharedBucket() {
		TenantRateLimiter before = instance(TenantRateLimit.of(10, Duration.ofHours(1)));
		assertThat(admitted(before, ACME, 4)).isEqualTo(4);
		this.clock.advance(Duration.ofMillis(1));
		TenantRateLimiter after = instance(TenantRateLimit.of(100, Duration.ofHours(1)));
		assertThat(admitted(after, ACME, 1_000)).isEqualTo(60);
	}

	@Test
	void anInstanceReassertsItsLimitSoThatNoViewSticksWhileInstancesDisagree() {
		// limits per day: what a minute refills is a small fraction of a token
		TenantRateLimiter current = instance(TenantRateLimit.of(100, Duration.ofDays(1)));
		assertThat(admitted(current, ACME, 50)).isEqualTo(50);
		// an instance with the old limit, such as one restarted during a rolling deployment, asserts it last
		this.clock.advance(Duration.ofMillis(1));
		TenantRateLimiter stale = instance(TenantRateLimit.of(10, Duration.ofDays(1)));
		assertThat(admitted(stale, ACME, 1)).as("50 of 100 left, so 5 of 10").isEqualTo(1);
		assertThat(admitted(current, ACME, 2)).as("under the stale limit for now").isEqualTo(2);

		this.clock.advance(LimitVersions.REASSERT_AFTER);
		// 2 of 10 left: the current instance asserts its limit again, so 20 of 100
		assertThat(admitted(current, ACME, 100)).isEqualTo(20);
	}

	@Test
	void aStoreWithoutAnAsynchronousApiIsAskedOnTheRequestThread() {
		TenantRateLimiter first = limiter(synchronous(redis.newProxyManager(this.clock)), fixed(THREE_AN_HOUR),
				redis.prefix());
		TenantRateLimiter second = instance(THREE_AN_HOUR);
		assertThat(admitted(first, ACME, 2)).isEqualTo(2);
		assertThat(admitted(second, ACME, 5)).isEqualTo(1);
		assertThat(admitted(first, ACME, 5)).isZero();
	}

	@Test
	void aStoreThatIsDownFallsBackToTheInstancesOwnBucketsWarningOnce(CapturedOutput output) {
		try (TcpForwarder forwarder = new TcpForwarder(redis.host(), redis.port())) {
			DistributedTenantRateLimiter limiter = limiter(
					redis.newProxyManager("127.0.0.1", forwarder.port(), this.clock), fixed(THREE_AN_HOUR),
					redis.prefix());
			assertThat(admitted(limiter, ACME, 2)).as("from the shared bucket").isEqualTo(2);
			forwarder.stop();

			// the first request waits for the store at most the timeout; the others do not ask it
			int admitted = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> admitted(limiter, ACME, 100));
			assertThat(admitted).as("a full bucket of this instance's own").isEqualTo(3);
			assertThat(limiter.fallbacks()).isEqualTo(100);
			assertThat(output.getAll()).containsOnlyOnce(FALLBACK_WARNING);

			this.clock.advance(RETRY_INTERVAL);
			assertThat(limiter.tryAcquire(ACME, Traffic.MEMBERS).admitted()).as("asked again, still down, and "
					+ "limited by the instance's own bucket, now empty").isFalse();
			assertThat(limiter.fallbacks()).isEqualTo(101);
			assertThat(output.getAll()).containsOnlyOnce(FALLBACK_WARNING);

			forwarder.start();
			// once Lettuce has connected again on its own, the next retry finds the store; a tenant of its own asks,
			// as requests given up on while the store was away may still take their tokens when it is back
			Tenant asking = Tenant.active("initech");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				this.clock.advance(RETRY_INTERVAL);
				limiter.tryAcquire(asking, Traffic.MEMBERS);
				assertThat(output.getAll()).contains("answers again");
			});
			long fallbacks = limiter.fallbacks();
			assertThat(admitted(limiter, GLOBEX, 2)).isEqualTo(2);
			assertThat(admitted(instance(THREE_AN_HOUR), GLOBEX, 5)).as("shared again").isEqualTo(1);
			assertThat(limiter.fallbacks()).isEqualTo(fallbacks);
		}
	}

	@Test
	void aKeyTheStoreCannotServeFallsBackForItsTenantOnlyWarningOnce(CapturedOutput output) {
		DistributedTenantRateLimiter limiter = instance(THREE_AN_HOUR);
		redis.hset(DistributedTenantRateLimiter.key(redis.prefix(), ACME.id(), Traffic.MEMBERS), "not", "a bucket");

		assertThat(admitted(limiter, ACME, 10)).as("this instance's own bucket").isEqualTo(3);
		assertThat(admitted(limiter, GLOBEX, 2)).isEqualTo(2);
		assertThat(admitted(instance(THREE_AN_HOUR), GLOBEX, 5)).as("globex's bucket still shared").isEqualTo(1);
		assertThat(limiter.fallbacks()).isEqualTo(10);
		assertThat(output.getAll()).containsOnlyOnce("cannot serve the bucket '" + redis.prefix() + ":acme:members'")
			.doesNotContain(FALLBACK_WARNING);
	}

	@Test
	void aStoreThatDoesNotAnswerIsGivenUpOnAfterTheTimeout() {
		try (TcpForwarder forwarder = new TcpForwarder(redis.host(), redis.port())) {
			DistributedTenantRateLimiter limiter = limiter(
					redis.newProxyManager("127.0.0.1", forwarder.port(), this.clock), fixed(THREE_AN_HOUR),
					redis.prefix());
			assertThat(admitted(limiter, ACME, 1)).isEqualTo(1);
			forwarder.blackHole();
			// Lettuce, as configured, would wait for an answer for ever; the limiter waits TIMEOUT
			Decision decision = assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> limiter.tryAcquire(ACME, Traffic.MEMBERS));
			assertThat(decision.admitted()).isTrue();
			assertThat(limiter.fallbacks()).isEqualTo(1);
			assertThat(admitted(limiter, ACME, 100)).as("the rest of a local bucket of 3").isEqualTo(2);
		}
	}

	@Test
	void aSynchronousStoreIsBoundedByItsOwnRequestTimeout() {
		try (TcpForwarder forwarder = new TcpForwarder(redis.host(), redis.port())) {
			ProxyManager<String> withTimeout = redis.newProxyManager("127.0.0.1", forwarder.port(), this.clock,
					TIMEOUT);
			DistributedTenantRateLimiter limiter = limiter(synchronous(withTimeout), fixed(THREE_AN_HOUR),
					redis.prefix());
			assertThat(admitted(limiter, ACME, 1)).isEqualTo(1);
			forwarder.blackHole();
			Decision decision = assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> limiter.tryAcquire(ACME, Traffic.MEMBERS));
			assertThat(decision.admitted()).isTrue();
			assertThat(limiter.fallbacks()).isEqualTo(1);
		}
	}

	@Test
	void aTenantWithoutALimitNeverReachesTheStore() {
		TenantRateLimiter limiter = limiter(redis.newProxyManager(this.clock), (tenant) -> Optional.empty(),
				redis.prefix());
		assertThat(admitted(limiter, ACME, 100)).isEqualTo(100);
		assertThat(redis.keys(redis.prefix())).isEmpty();
	}

	/** Another instance of the application, with a connection of its own and the given limit for every tenant. */
	private DistributedTenantRateLimiter instance(TenantRateLimit limit) {
		return limiter(redis.newProxyManager(this.clock), fixed(limit), redis.prefix());
	}

	private DistributedTenantRateLimiter limiter(ProxyManager<String> buckets, TenantRateLimits limits,
			String keyPrefix) {
		return new DistributedTenantRateLimiter(buckets, limits, new LocalTenantRateLimiter(limits, 100, this.clock),
				keyPrefix, TIMEOUT, RETRY_INTERVAL, this.clock);
	}

	private static TenantRateLimits fixed(TenantRateLimit limit) {
		return new PropertiesTenantRateLimits(limit, Map.of());
	}

	/** The same store, seen through its synchronous API only, as a JDBC or Jedis store would offer. */
	private static ProxyManager<String> synchronous(ProxyManager<String> buckets) {
		return new SynchronousProxyManager(buckets);
	}

	private static int admitted(TenantRateLimiter limiter, Tenant tenant, int requests) {
		return admitted(limiter, tenant, Traffic.MEMBERS, requests);
	}

	private static int admitted(TenantRateLimiter limiter, Tenant tenant, Traffic traffic, int requests) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (limiter.tryAcquire(tenant, traffic).admitted()) {
				admitted++;
			}
		}
		return admitted;
	}

}
