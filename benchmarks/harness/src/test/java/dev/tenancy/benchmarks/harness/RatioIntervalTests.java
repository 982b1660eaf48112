package dev.tenancy.benchmarks.harness;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The interval of a throughput ratio comes from the paired slices: it is Student's t over their ratios, narrows
 * when the slices agree, and says whether a target lies outside it.
 */
class RatioIntervalTests {

	@Test
	void isStudentsTIntervalOfThePerSliceRatios() {
		// ratios 0.90, 0.95, 1.00: mean 0.95, standard error 0.05 / sqrt(3), t(0.975, 2 df) = 4.3027
		RatioInterval interval = RatioInterval.of(List.of(90.0, 190.0, 50.0), List.of(100.0, 200.0, 50.0));
		assertThat(interval).isNotNull();
		assertThat(interval.mean()).isCloseTo(0.95, within(1e-9));
		assertThat(interval.high() - interval.mean()).isCloseTo(4.3027 * 0.05 / Math.sqrt(3), within(1e-4));
		assertThat(interval.low()).isCloseTo(2 * interval.mean() - interval.high(), within(1e-12));
		assertThat(interval.slices()).isEqualTo(3);
	}

	@Test
	void slicesThatAgreeGiveANarrowIntervalAndASureVerdict() {
		RatioInterval interval = RatioInterval.of(List.of(93.0, 93.5, 92.5, 93.0), List.of(100.0, 100.0, 100.0, 100.0));
		assertThat(interval.high() - interval.low()).isLessThan(0.02);
		assertThat(interval.surelyBelow(0.95)).isTrue();
		assertThat(interval.surelyAtLeast(0.90)).isTrue();
	}

	@Test
	void aTargetInsideTheIntervalIsNeitherSurelyMetNorSurelyMissed() {
		RatioInterval interval = RatioInterval.of(List.of(85.0, 105.0, 90.0, 100.0), List.of(100.0, 100.0, 100.0, 100.0));
		assertThat(interval.surelyBelow(0.95)).isFalse();
		assertThat(interval.surelyAtLeast(0.95)).isFalse();
	}

	@Test
	void judgesACeilingFromTheOtherSide() {
		RatioInterval interval = RatioInterval.ofRatios(List.of(1.04, 1.06, 1.05));
		assertThat(interval.surelyAtMost(1.10)).isTrue();
		assertThat(interval.surelyAbove(1.10)).isFalse();
		assertThat(interval.surelyAbove(1.00)).isTrue();
		assertThat(interval.surelyAtMost(1.05)).isFalse();
	}

	@Test
	void needsTwoSlicesWithABaseline() {
		assertThat(RatioInterval.of(List.of(90.0), List.of(100.0))).isNull();
		assertThat(RatioInterval.of(List.of(90.0, 95.0), List.of(100.0, 0.0))).isNull();
	}

}
