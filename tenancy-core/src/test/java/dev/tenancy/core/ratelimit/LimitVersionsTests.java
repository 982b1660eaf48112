package dev.tenancy.core.ratelimit;

import java.time.Duration;

import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitVersionsTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantRateLimit TEN = TenantRateLimit.of(10, Duration.ofSeconds(1));

	private static final TenantRateLimit HUNDRED = TenantRateLimit.of(100, Duration.ofSeconds(1));

	private final ManualClock clock = ManualClock.startingNow();

	private final LimitVersions versions = new LimitVersions(this.clock, this.clock);

	@Test
	void aLimitKeepsItsVersionWhileItStaysTheSame() {
		long version = this.versions.versionOf(ACME, TEN);
		assertThat(version).isEqualTo(this.clock.currentTimeNanos());
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.versions.versionOf(ACME, TEN)).isEqualTo(version);
	}

	@Test
	void aChangedLimitGetsAHigherVersionEvenWithinOneTickOfTheClock() {
		long first = this.versions.versionOf(ACME, TEN);
		long second = this.versions.versionOf(ACME, HUNDRED);
		long third = this.versions.versionOf(ACME, TEN);
		assertThat(second).isGreaterThan(first);
		assertThat(third).isGreaterThan(second);
	}

	@Test
	void aLimitIsAssertedAgainWithANewerVersionAfterAMinute() {
		long first = this.versions.versionOf(ACME, TEN);
		this.clock.advance(LimitVersions.REASSERT_AFTER);
		assertThat(this.versions.versionOf(ACME, TEN)).isEqualTo(first + LimitVersions.REASSERT_AFTER.toNanos());
	}

	@Test
	void eachTenantHasAVersionOfItsOwn() {
		long acme = this.versions.versionOf(ACME, TEN);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.versions.versionOf(TenantId.of("globex"), TEN)).isGreaterThan(acme);
		assertThat(this.versions.versionOf(ACME, TEN)).isEqualTo(acme);
	}

}
