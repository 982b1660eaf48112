package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A run's ratios are taken against the scenario asked for: against the baseline by default, and against the
 * hand-written variant, slice paired with slice of the same round, for the library's own cost.
 */
class RunReportTests {

	@Test
	void pairsEachSliceWithTheSameRoundsSliceOfTheReferenceScenario() {
		RunReport report = report(Map.of(Scenario.BASELINE, new int[] { 1000, 1000, 1000 }, Scenario.HANDWRITTEN,
				new int[] { 900, 1000, 800 }, Scenario.SHARED, new int[] { 855, 960, 752 }));

		assertThat(report.againstHandWritten()).containsExactly(Scenario.SHARED);
		RatioInterval againstHandWritten = report.throughputInterval(Scenario.SHARED, Scenario.HANDWRITTEN,
				ScenarioRun.MIXED);
		// 855 / 900, 960 / 1000, 752 / 800: 0.95, 0.96, 0.94
		assertThat(againstHandWritten).isNotNull();
		assertThat(againstHandWritten.mean()).isCloseTo(0.95, within(1e-9));
		assertThat(againstHandWritten.slices()).isEqualTo(3);
		assertThat(report.throughputRatio(Scenario.SHARED, Scenario.HANDWRITTEN, ScenarioRun.MIXED))
			.isCloseTo((855 + 960 + 752) / 2700.0, within(1e-9));

		RatioInterval againstBaseline = report.throughputInterval(Scenario.SHARED, ScenarioRun.MIXED);
		assertThat(againstBaseline.mean()).isCloseTo((0.855 + 0.960 + 0.752) / 3, within(1e-9));
		assertThat(report.throughputRatio(Scenario.SHARED, ScenarioRun.MIXED)).isCloseTo(2567 / 3000.0, within(1e-9));
	}

	@Test
	void hasNoRatioAgainstAScenarioThatDidNotRun() {
		RunReport report = report(Map.of(Scenario.BASELINE, new int[] { 1000, 1000 }, Scenario.SHARED,
				new int[] { 900, 900 }));

		assertThat(report.throughputInterval(Scenario.SHARED, Scenario.HANDWRITTEN, ScenarioRun.MIXED)).isNull();
		assertThat(report.throughputRatio(Scenario.SHARED, Scenario.HANDWRITTEN, ScenarioRun.MIXED)).isNaN();
		assertThat(report.againstHandWritten()).isEmpty();
	}

	@Test
	void comparesOnlyTheOtherScenariosOnTheHandWrittenTableWithIt() {
		assertThat(List.of(Scenario.values()).stream().filter(Scenario::sharesHandWrittenTable)).containsExactly(
				Scenario.SHARED, Scenario.SHARED_AGAIN, Scenario.SHARED_RLS, Scenario.SHARED_NO_PLANS,
				Scenario.SHARED_NO_TRANSLATIONS);
	}

	@Test
	void runsTheExperimentsOnlyWhenNamed() {
		assertThat(Scenario.standard()).containsExactly(Scenario.BASELINE, Scenario.HANDWRITTEN, Scenario.SHARED,
				Scenario.SHARED_RLS, Scenario.SCHEMA, Scenario.DATABASE);
	}

	@Test
	void splitsTheThroughputRatioThatCpuImpliesIntoPostgresqlsSideAndTheApplicationsSide() {
		// the baseline: 1,000 requests at 0.6 ms of application and 0.3 ms of PostgreSQL CPU each;
		// SHARED: 900 requests at 0.7 ms and 0.4 ms
		RunReport report = report(Map.of(Scenario.BASELINE, new int[] { 1000 }, Scenario.SHARED, new int[] { 900 }));
		report.result(Scenario.BASELINE, ScenarioRun.MIXED).orElseThrow().addCpu(600_000_000L, 300_000_000L);
		report.result(Scenario.SHARED, ScenarioRun.MIXED).orElseThrow().addCpu(630_000_000L, 360_000_000L);

		RunReport.CpuSides sides = report.cpuSides(Scenario.SHARED, ScenarioRun.MIXED);

		assertThat(sides).isNotNull();
		assertThat(sides.implied()).isCloseTo(0.9 / 1.1, within(1e-9));
		// 0.9 / (0.6 + 0.4) and 0.9 / (0.7 + 0.3)
		assertThat(sides.databaseAlone()).isCloseTo(0.9, within(1e-9));
		assertThat(sides.applicationAlone()).isCloseTo(0.9, within(1e-9));
	}

	@Test
	void impliesNoRatioWithoutTheBackendsCpu() {
		RunReport report = report(Map.of(Scenario.BASELINE, new int[] { 1000 }, Scenario.SHARED, new int[] { 900 }));
		report.result(Scenario.BASELINE, ScenarioRun.MIXED).orElseThrow().addCpu(600_000_000L, 300_000_000L);
		report.result(Scenario.SHARED, ScenarioRun.MIXED).orElseThrow().addCpu(630_000_000L, -1);

		assertThat(report.cpuSides(Scenario.SHARED, ScenarioRun.MIXED)).isNull();
		assertThat(report.cpuSides(Scenario.HANDWRITTEN, ScenarioRun.MIXED)).isNull();
	}

	/** A run whose scenarios served the given numbers of requests in one-second mixed slices, in that order. */
	private static RunReport report(Map<Scenario, int[]> requestsPerSlice) {
		Map<Scenario, ScenarioRun> runs = new EnumMap<>(Scenario.class);
		requestsPerSlice.forEach((scenario, slices) -> {
			ScenarioRun run = new ScenarioRun(scenario);
			for (int requests : slices) {
				run.record(ScenarioRun.MIXED, Slices.ofOneSecond(requests));
			}
			runs.put(scenario, run);
		});
		return new RunReport(RunProfile.named("quick"), "test", Instant.EPOCH, Instant.EPOCH, Duration.ZERO,
				new MachineInfo(2, 24, "cpu", "os", "jdk", "postgresql", "commit", false), new double[0], new double[0],
				new DataSet(1, Map.of()), runs, Double.NaN, List.of(), List.of());
	}

}
