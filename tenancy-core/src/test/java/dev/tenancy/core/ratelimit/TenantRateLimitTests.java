package dev.tenancy.core.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantRateLimitTests {

	@Test
	void aLimitsBurstCapacityIsItsCapacityUnlessSet() {
		assertThat(TenantRateLimit.of(100, Duration.ofSeconds(1)).burstCapacity()).isEqualTo(100);
		assertThat(TenantRateLimit.of(100, Duration.ofSeconds(1)).withBurstCapacity(500))
			.isEqualTo(new TenantRateLimit(100, Duration.ofSeconds(1), 500))
			.hasToString("100 per PT1S, bursts of 500");
	}

	@Test
	void capacityPeriodAndBurstCapacityMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenantRateLimit.of(0, Duration.ofSeconds(1)))
			.withMessage("capacity must be at least 1, and is 0");
		assertThatIllegalArgumentException().isThrownBy(() -> TenantRateLimit.of(10, Duration.ZERO))
			.withMessage("period must be positive, and is PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> TenantRateLimit.of(10, Duration.ofSeconds(-1)))
			.withMessage("period must be positive, and is PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TenantRateLimit.of(10, Duration.ofSeconds(1)).withBurstCapacity(0))
			.withMessage("burst capacity must be at least 1, and is 0");
	}

	@Test
	void aLimitBucket4jCannotRefillIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenantRateLimit.of(2_000, Duration.ofNanos(1_000)))
			.withMessageContaining("more than one request per nanosecond");
		assertThatIllegalArgumentException().isThrownBy(() -> TenantRateLimit.of(1, Duration.ofDays(365L * 300)))
			.withMessageContaining("period must be at most");
	}

}
