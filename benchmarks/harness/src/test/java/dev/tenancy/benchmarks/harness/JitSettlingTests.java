package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.util.Arrays;
import java.util.PrimitiveIterator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An application is warmed up round after round until its JIT compiler threads use less than the threshold's share
 * of its CPU, and never longer than the limit.
 */
class JitSettlingTests {

	private final JitSettling settling = new JitSettling(0.05, Duration.ofSeconds(5), Duration.ofSeconds(20));

	@Test
	void stopsAtTheFirstRoundBelowTheThreshold() throws InterruptedException {
		JitSettling.Outcome outcome = this.settling.settle(rounds(0.30, 0.12, 0.04, 0.01));

		assertThat(outcome.rounds()).isEqualTo(3);
		assertThat(outcome.seconds()).isEqualTo(15.0);
		assertThat(outcome.lastShare()).isEqualTo(0.04);
		assertThat(outcome.settled()).isTrue();
	}

	@Test
	void stopsAtTheLimitWhenTheJitKeepsCompiling() throws InterruptedException {
		JitSettling.Outcome outcome = this.settling.settle(rounds(0.30, 0.25, 0.20, 0.15, 0.10, 0.01));

		assertThat(outcome.rounds()).isEqualTo(4);
		assertThat(outcome.lastShare()).isEqualTo(0.15);
		assertThat(outcome.settled()).isFalse();
	}

	@Test
	void stopsWhenTheJitsShareCannotBeRead() throws InterruptedException {
		JitSettling.Outcome outcome = this.settling.settle(rounds(Double.NaN, 0.01));

		assertThat(outcome.rounds()).isEqualTo(1);
		assertThat(outcome.lastShare()).isNaN();
		assertThat(outcome.settled()).isFalse();
	}

	@Test
	void runsOneRoundEvenWithALimitShorterThanARound() throws InterruptedException {
		JitSettling atMostOneRound = new JitSettling(0.05, Duration.ofSeconds(5), Duration.ZERO);

		assertThat(atMostOneRound.settle(rounds(0.5, 0.01)).rounds()).isEqualTo(1);
	}

	@Test
	void refusesAThresholdThatIsNotAShare() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JitSettling(0, Duration.ofSeconds(5), Duration.ZERO))
			.withMessageContaining("--settle-jit");
		assertThatIllegalArgumentException().isThrownBy(() -> new JitSettling(5, Duration.ofSeconds(5), Duration.ZERO));
	}

	/** Rounds whose JIT shares are these, in turn. */
	private static JitSettling.Round rounds(double... shares) {
		PrimitiveIterator.OfDouble next = Arrays.stream(shares).iterator();
		return next::nextDouble;
	}

}
