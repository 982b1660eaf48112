package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Traffic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTenantRateLimiterTests {

	private static final Tenant ACME = Tenant.active("acme");

	private static final Tenant GLOBEX = Tenant.active("globex");

	private final ManualClock clock = new ManualClock();

	@Test
	void aTenantGetsItsCapacityAndThenWaitsForTheNextToken() {
		LocalTenantRateLimiter limiter = limiter(TenantRateLimit.of(3, Duration.ofSeconds(3)));
		assertThat(admitted(limiter, ACME, 3)).isEqualTo(3);
		Decision refused = limiter.tryAcquire(ACME, Traffic.MEMBERS);
		assertThat(refused.admitted()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));

		this.clock.advance(Duration.ofMillis(999));
		assertThat(limiter.tryAcquire(ACME, Traffic.MEMBERS).retryAfter()).isEqualTo(Duration.ofMillis(1));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(limiter.tryAcquire(ACME, Traffic.MEMBERS).admitted()).isTrue();
		assertThat(limiter.tryAcquire(ACME, Traffic.MEMBERS).admitted()).isFalse();
	}

	@Test
	void tokensRefillGreedilyUpToTheBurstCapacity() {
		LocalTenantRateLimiter limiter = limiter(TenantRateLimit.of(10, Duration.ofSeconds(1)).withBurstCapacity(20));
		assertThat(admitted(limiter, ACME, 100)).isEqualTo(20);
		this.clock.advance(Duration.ofMillis(500));
		assertThat(admitted(limiter, ACME, 100)).isEqualTo(5);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(admitted(limiter, ACME, 100)).isEqualTo(20);
	}

	@Test
	void eachTenantHasABucketOfItsOwn() {
		LocalTenantRateLimiter limiter = limiter(TenantRateLimit.of(2, Duration.ofMinutes(1)));
		assertThat(admitted(limiter, ACME, 5)).isEqualTo(2);
		assertThat(admitted(limiter, GLOBEX, 5)).isEqualTo(2);
	}

	@Test
	void aTenantWithoutALimitIsAlwaysAdmitted() {
		TenantRateLimits acmeUnlimited = (tenant) -> tenant.equals(ACME) ? Optional.empty()
				: Optional.of(TenantRateLimit.of(1, Duration.ofHours(1)));
		LocalTenantRateLimiter limiter = new LocalTenantRateLimiter(acmeUnlimited, 100, this.clock);
		assertThat(admitted(limiter, ACME, 1_000)).isEqualTo(1_000);
		assertThat(admitted(limiter, GLOBEX, 1_000)).isEqualTo(1);
		assertThat(limiter.bucketsKept()).isEqualTo(1);
	}

	@Test
	void aChangedLimitAppliesFromTheNextRequestKeepingTheShareOfTokensLeft() {
		AtomicReference<TenantRateLimit> limit = new AtomicReference<>(TenantRateLimit.of(10, Duration.ofHours(1)));
		LocalTenantRateLimiter limiter = new LocalTenantRateLimiter((tenant) -> Optional.of(limit.get()), 100,
				this.clock);
		assertThat(admitted(limiter, ACME, 4)).isEqualTo(4);
		limit.set(TenantRateLimit.of(100, Duration.ofHours(1)));
		// 6 of 10 tokens were left: 60 of 100
		assertThat(admitted(limiter, ACME, 1_000)).isEqualTo(60);
		// a faster refill takes effect from the first request that sees it
		limit.set(TenantRateLimit.of(100, Duration.ofSeconds(1)));
		assertThat(limiter.tryAcquire(ACME, Traffic.MEMBERS).admitted()).isFalse();
		this.clock.advance(Duration.ofMillis(100));
		assertThat(admitted(limiter, ACME, 1_000)).isEqualTo(10);
	}

	@Test
	void anIdleBucketIsDroppedOnceItIsFullAgain() {
		LocalTenantRateLimiter limiter = limiter(TenantRateLimit.of(10, Duration.ofSeconds(1)).withBurstCapacity(30));
		limiter.tryAcquire(ACME, Traffic.MEMBERS);
		assertThat(limiter.bucketsKept()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(2_999));
		assertThat(limiter.bucketsKept()).isEqualTo(1);
		// Caffeine drops expired entries in steps of about a second, never before they expire
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(limiter.bucketsKept()).isZero();
		// and the tenant starts again with a full bucket, as it would have had
		assertThat(admitted(limiter, ACME, 100)).isEqualTo(30);
	}

	@Test
	void keepsTheBucketsOfAtMostTheMaximumNumberOfTenants() {
		LocalTenantRateLimiter limiter = new LocalTenantRateLimiter(
				(tenant) -> Optional.of(TenantRateLimit.of(1, Duration.ofHours(1))), 2, this.clock);
		for (int i = 0; i < 50; i++) {
			limiter.tryAcquire(Tenant.active("tenant-" + i), Traffic.MEMBERS);
			limiter.tryAcquire(Tenant.active("tenant-" + i), Traffic.OTHERS);
		}
		assertThat(limiter.bucketsKept()).as("two tenants' two buckets each").isEqualTo(4);
	}

	@Test
	void manyThreadsAgainstOneTenantGetExactlyItsCapacity() throws Exception {
		LocalTenantRateLimiter limiter = limiter(TenantRateLimit.of(1_000, Duration.ofHours(1)));
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> admittedByThread = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				Callable<Integer> requests = () -> {
					start.await();
					return admitted(limiter, ACME, 500);
				};
				admittedByThread.add(executor.submit(requests));
			}
			start.countDown();
			int admitted = 0;
			for (Future<Integer> future : admittedByThread) {
				admitted += future.get(1, TimeUnit.MINUTES);
			}
			assertThat(admitted).isEqualTo(1_000);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private LocalTenantRateLimiter limiter(TenantRateLimit limit) {
		return new LocalTenantRateLimiter(new PropertiesTenantRateLimits(limit, Map.of()), 100, this.clock);
	}

	private static int admitted(TenantRateLimiter limiter, Tenant tenant, int requests) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (limiter.tryAcquire(tenant, Traffic.MEMBERS).admitted()) {
				admitted++;
			}
		}
		return admitted;
	}

}
