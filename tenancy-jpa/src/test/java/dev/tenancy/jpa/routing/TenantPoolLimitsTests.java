package dev.tenancy.jpa.routing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantPoolLimitsTests {

	private static final Duration IDLE = Duration.ofMinutes(10);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void everyPoolGetsAnEqualShareOfTheBudget() {
		TenantPoolLimits limits = new TenantPoolLimits(20, 100, 5, IDLE, TIMEOUT);
		assertThat(limits.share()).isEqualTo(5);
		assertThat(limits.poolSize()).isEqualTo(5);
		assertThat(limits.maxPools() * limits.poolSize()).isLessThanOrEqualTo(limits.connectionBudget());
	}

	@Test
	void poolSizeIsCappedAtTheShare() {
		TenantPoolLimits limits = new TenantPoolLimits(50, 100, 5, IDLE, TIMEOUT);
		assertThat(limits.share()).isEqualTo(2);
		assertThat(limits.poolSize()).isEqualTo(2);
	}

	@Test
	void shareIsRoundedDownSoThatFullPoolsStayWithinTheBudget() {
		TenantPoolLimits limits = new TenantPoolLimits(3, 10, 8, IDLE, TIMEOUT);
		assertThat(limits.poolSize()).isEqualTo(3);
		assertThat(limits.maxPools() * limits.poolSize()).isLessThanOrEqualTo(10);
	}

	@Test
	void smallerMaxPoolSizeWins() {
		assertThat(new TenantPoolLimits(10, 100, 4, IDLE, TIMEOUT).poolSize()).isEqualTo(4);
	}

	@Test
	void budgetMustGiveEveryPoolAConnection() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantPoolLimits(50, 20, 5, IDLE, TIMEOUT))
			.withMessageContaining("connection-budget (20) must be at least max-pools (50)");
	}

	@Test
	void rejectsLimitsThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantPoolLimits(0, 20, 5, IDLE, TIMEOUT))
			.withMessageContaining("max-pools");
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantPoolLimits(5, 20, 0, IDLE, TIMEOUT))
			.withMessageContaining("max-pool-size");
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantPoolLimits(5, 20, 5, Duration.ZERO, TIMEOUT))
			.withMessageContaining("idle-timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TenantPoolLimits(5, 20, 5, IDLE, Duration.ofMillis(100)))
			.withMessageContaining("connection-timeout must be at least 250ms");
	}

}
