package dev.tenancy.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON and Markdown results carry the open-loop workload when it ran, and leave it out, without a trace, when
 * the profile left it out (the quick profile's default).
 */
class ResultFilesTests {

	@TempDir
	Path directory;

	@Test
	void leaveTheOpenLoopWorkloadOutWhenItDidNotRun() throws Exception {
		RunReport report = report(RunProfile.named("quick"), Double.NaN);

		JsonNode json = writeJson(report);
		String markdown = writeMarkdown(report);

		assertThat(json.at("/ratios/shared_vs_baseline").asDouble()).isEqualTo(0.9);
		assertThat(json.at("/ratios").has("at_equal_rate")).isFalse();
		assertThat(json.at("/load").has("open_loop")).isFalse();
		assertThat(json.at("/scenarios/shared/workloads").has(ScenarioRun.MIXED_AT_RATE)).isFalse();
		assertThat(markdown).doesNotContain("Latency at an equal rate").doesNotContain("open loop");
	}

	@Test
	void carryTheOpenLoopWorkloadWhenItRan() throws Exception {
		RunReport report = report(RunProfile.named("full"), 500);

		JsonNode json = writeJson(report);
		String markdown = writeMarkdown(report);

		assertThat(json.at("/ratios/at_equal_rate/rate_rps").asDouble()).isEqualTo(500);
		assertThat(json.at("/load/open_loop/share_of_baseline_mixed_rps").asDouble())
			.isEqualTo(RunProfile.FULL_PACED_SHARE);
		assertThat(json.at("/scenarios/shared/workloads").has(ScenarioRun.MIXED_AT_RATE)).isTrue();
		assertThat(markdown).contains("## Latency at an equal rate").contains("500 requests/s");
	}

	@Test
	void sayWhichSideEachScenariosCostIsOn() throws Exception {
		RunReport report = report(RunProfile.named("quick"), Double.NaN);
		// two slices each: the baseline at 0.6 + 0.3 ms per request, SHARED at 0.7 + 0.4 ms
		report.result(Scenario.BASELINE, ScenarioRun.MIXED).orElseThrow().addCpu(1_200_000_000L, 600_000_000L);
		report.result(Scenario.SHARED, ScenarioRun.MIXED).orElseThrow().addCpu(1_260_000_000L, 720_000_000L);

		assertThat(writeMarkdown(report)).contains("## Which side the cost is on")
			.contains("| shared | 0.90 | 0.82 | 0.90 | 0.90 |");
	}

	@Test
	void leaveTheSidesOutWithoutCpu() throws Exception {
		assertThat(writeMarkdown(report(RunProfile.named("quick"), Double.NaN)))
			.doesNotContain("Which side the cost is on");
	}

	@Test
	void sayWhereTheMachinesCpuWent() throws Exception {
		RunReport report = report(RunProfile.named("quick"), Double.NaN);
		for (Scenario scenario : List.of(Scenario.BASELINE, Scenario.SHARED)) {
			PhaseResult mixed = report.result(scenario, ScenarioRun.MIXED).orElseThrow();
			// two one-second slices: 1.2 s of application CPU, 0.6 s of PostgreSQL's, 0.5 s of the harness's
			mixed.addCpu(1_200_000_000L, 600_000_000L);
			mixed.addMachine(new MachineCpu.Usage(2_000_000_000L, 340, 50, 10, 500_000_000L, 2));
		}

		JsonNode json = writeJson(report);

		assertThat(writeMarkdown(report)).contains("## Where the machine's CPU went")
			.contains("| shared | 900 | 0.60 | 0.30 | 0.90 | 0.25 | 0.55 | 0.25 | 0.05 |");
		assertThat(json.at("/scenarios/shared/workloads/mixed/machine_processors/load_generator").asDouble())
			.isEqualTo(0.25);
		assertThat(json.at("/scenarios/shared/workloads/mixed/machine_processors/of").asInt()).isEqualTo(2);
	}

	@Test
	void leaveTheMachineOutWithoutItsCounters() throws Exception {
		RunReport report = report(RunProfile.named("quick"), Double.NaN);

		assertThat(writeMarkdown(report)).doesNotContain("Where the machine's CPU went");
		assertThat(writeJson(report).at("/scenarios/shared/workloads/mixed").has("machine_processors")).isFalse();
	}

	private JsonNode writeJson(RunReport report) throws Exception {
		Path file = this.directory.resolve("run.json");
		ResultsJson.write(report, file);
		return JsonMapper.builder().build().readTree(file.toFile());
	}

	private String writeMarkdown(RunReport report) throws Exception {
		Path file = this.directory.resolve("run.md");
		ResultsMarkdown.write(report, file, "run.png");
		return Files.readString(file);
	}

	/** SHARED serving 900 requests a second to the baseline's 1,000, with the open-loop workload if it ran. */
	private static RunReport report(RunProfile profile, double pacedRate) {
		Map<Scenario, ScenarioRun> runs = new EnumMap<>(Scenario.class);
		Map.of(Scenario.BASELINE, 1000, Scenario.SHARED, 900).forEach((scenario, requests) -> {
			ScenarioRun run = new ScenarioRun(scenario);
			for (int slice = 0; slice < 2; slice++) {
				run.record(ScenarioRun.MIXED, Slices.ofOneSecond(requests));
				if (pacedRate > 0) {
					run.record(ScenarioRun.MIXED_AT_RATE, Slices.ofOneSecond((int) pacedRate));
				}
			}
			runs.put(scenario, run);
		});
		return new RunReport(profile, "test", Instant.EPOCH, Instant.EPOCH, Duration.ZERO,
				new MachineInfo(2, 24, "cpu", "os", "jdk", "postgresql", "commit", false), new double[0], new double[0],
				DataSet.generate(profile), runs, pacedRate, List.of(), List.of());
	}

}
