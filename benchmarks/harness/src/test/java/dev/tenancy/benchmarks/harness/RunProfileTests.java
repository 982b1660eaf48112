package dev.tenancy.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The full profile waits for each application's JIT to settle before measuring, the quick one does not, and
 * {@code --settle-jit} changes either.
 */
class RunProfileTests {

	@Test
	void theFullProfileWaitsForTheJitAndTheQuickOneDoesNot() {
		assertThat(RunProfile.named("full").settleJit()).isEqualTo(RunProfile.FULL_SETTLE_JIT);
		assertThat(RunProfile.named("quick").settleJit()).isNull();
	}

	@Test
	void settleJitSetsTheThresholdOrTurnsTheWaitOff() {
		assertThat(RunProfile.named("quick").withSettleJit("0.1").settleJit()).isEqualTo(0.1);
		assertThat(RunProfile.named("full").withSettleJit("off").settleJit()).isNull();
	}

	@Test
	void theThresholdSurvivesTheOtherOptions() {
		RunProfile profile = RunProfile.named("full").withConcurrency(4).withPacedShare(0.3);

		assertThat(profile.settleJit()).isEqualTo(RunProfile.FULL_SETTLE_JIT);
		assertThat(profile.withSettleJit("off").withConcurrency(8).settleJit()).isNull();
	}

	@Test
	void thePoolSizeCanBeChangedButNotBelowOne() {
		assertThat(RunProfile.named("full").withPoolSize(16).poolSize()).isEqualTo(16);
		assertThat(RunProfile.named("full").withPoolSize(16).settleJit()).isEqualTo(RunProfile.FULL_SETTLE_JIT);
		assertThatIllegalArgumentException().isThrownBy(() -> RunProfile.named("full").withPoolSize(0))
			.withMessageContaining("--pool-size");
	}

	@Test
	void aThresholdThatIsNotANumberIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RunProfile.named("full").withSettleJit("five"))
			.withMessageContaining("--settle-jit takes a share");
	}

}
