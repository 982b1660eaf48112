package dev.tenancy.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The full profile waits for each application's JIT to settle before measuring and runs the open-loop workload; the
 * quick one does neither, and {@code --settle-jit} and {@code --paced-share} change either.
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
		RunProfile profile = RunProfile.named("full").withConcurrency(4).withPacedShare("0.3");

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
	void theFullProfileRunsTheOpenLoopWorkloadAndTheQuickOneLeavesItOut() {
		assertThat(RunProfile.named("full").pacedShare()).isEqualTo(RunProfile.FULL_PACED_SHARE);
		assertThat(RunProfile.named("quick").pacedShare()).isNull();
	}

	@Test
	void pacedShareSetsTheRateOrLeavesTheWorkloadOut() {
		assertThat(RunProfile.named("quick").withPacedShare("0.5").pacedShare()).isEqualTo(0.5);
		assertThat(RunProfile.named("full").withPacedShare("1").pacedShare()).isEqualTo(1.0);
		assertThat(RunProfile.named("full").withPacedShare("off").pacedShare()).isNull();
		assertThat(RunProfile.named("full").withPacedShare("off").settleJit()).isEqualTo(RunProfile.FULL_SETTLE_JIT);
	}

	@Test
	void aPacedShareOutsideItsRangeOrNotANumberIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RunProfile.named("full").withPacedShare("0"))
			.withMessageContaining("above 0 and at most 1, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> RunProfile.named("full").withPacedShare("1.5"))
			.withMessageContaining("above 0 and at most 1, not 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> RunProfile.named("full").withPacedShare("half"))
			.withMessageContaining("--paced-share takes a share");
	}

	@Test
	void aThresholdThatIsNotANumberIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RunProfile.named("full").withSettleJit("five"))
			.withMessageContaining("--settle-jit takes a share");
	}

}
