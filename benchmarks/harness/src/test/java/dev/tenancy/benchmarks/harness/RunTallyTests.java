package dev.tenancy.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A tally judges a target across runs by the interval of the runs' mean, not by how many runs met it, and lists
 * the runs it rests on, oldest first.
 */
class RunTallyTests {

	@TempDir
	Path directory;

	@Test
	void listsTheRunsOldestFirstWithTheirOwnIntervals() throws Exception {
		String markdown = RunTally.markdown(List.of(
				RunTally.read(run("b.json", "2026-12-07T01:09:46Z", 0.892, 0.983)),
				RunTally.read(run("a.json", "2026-12-06T17:35:29Z", 0.955, 1.098))));

		assertThat(markdown).contains("| 2026-12-06 17:35 | full | b698feb | AMD EPYC | 1,475 | 0.955 (0.900–1.010) "
				+ "| 1.098 | 0.980 | 0.960 | 0.800 |  |");
		assertThat(markdown.indexOf("2026-12-06 17:35")).isLessThan(markdown.indexOf("2026-12-07 01:09"));
		assertThat(markdown).contains("Throughput of SCHEMA over the baseline's: mean 0.800 × over 2 runs")
			.doesNotContain("Throughput of DATABASE");
	}

	@Test
	void runsThatStraddleTheTargetLeaveItUnresolvedHoweverManyMetIt() throws Exception {
		// 0.955, 0.92, 0.96, 0.935, 0.98, 0.93, 0.98, 0.948, 0.89, 0.950: five met, mean 0.9448
		String markdown = tally(0.955, 0.92, 0.96, 0.935, 0.98, 0.93, 0.98, 0.948, 0.89, 0.950);

		assertThat(markdown).contains("met in 5 of 10 runs")
			.contains("mean 0.945 ×")
			.contains("**not resolved** by these runs (the interval spans 0.95)");
	}

	@Test
	void holdsOnlyWhenTheWholeIntervalOfTheMeanClearsTheTarget() throws Exception {
		assertThat(tally(0.97, 0.98, 0.96, 0.97)).contains("**holds** across these runs");
		assertThat(tally(0.91, 0.92, 0.90, 0.91)).contains("met in 0 of 4 runs").contains("**missed** across");
	}

	@Test
	void judgesTheP99AgainstItsCeiling() throws Exception {
		List<RunTally.Run> runs = new ArrayList<>();
		double[] p99 = { 1.20, 1.22, 1.19 };
		for (int i = 0; i < p99.length; i++) {
			runs.add(RunTally.read(run(i + ".json", "2026-12-0" + (i + 1) + "T00:00:00Z", 0.95, p99[i])));
		}

		assertThat(RunTally.markdown(runs)).contains("p99 ≤ 1.10 × baseline**: met in 0 of 3 runs")
			.containsPattern("p99 ≤ 1\\.10 .*\\*\\*missed\\*\\* across these runs");
	}

	@Test
	void oneRunIsNotJudgedAcrossRuns() throws Exception {
		assertThat(tally(0.97)).contains("one run cannot be judged across runs");
	}

	@Test
	void refusesAFileThatIsNotARunsResult() throws Exception {
		Path jmh = Files.writeString(this.directory.resolve("jmh.json"), "[{\"benchmark\": \"x\"}]");
		Path broken = Files.writeString(this.directory.resolve("broken.json"), "{\"ratios\": ");

		assertThatIllegalArgumentException().isThrownBy(() -> RunTally.read(jmh))
			.withMessageContaining("jmh.json is not a result file of benchmarks/run")
			.withMessageContaining("'shared_vs_baseline'");
		assertThatIllegalArgumentException().isThrownBy(() -> RunTally.read(broken))
			.withMessageContaining("broken.json is not JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> RunTally.read(this.directory.resolve("full-*.json")))
			.withMessageContaining("no result file").withMessageContaining("full-*.json");
	}

	private String tally(double... shared) throws Exception {
		List<RunTally.Run> runs = new ArrayList<>();
		for (int i = 0; i < shared.length; i++) {
			runs.add(RunTally.read(run(i + ".json", "2026-12-" + (10 + i) + "T00:00:00Z", shared[i], 1.05)));
		}
		return RunTally.markdown(runs);
	}

	private Path run(String name, String startedAt, double shared, double p99) throws Exception {
		String json = """
				{"profile": "full", "started_at": "%s",
				 "commit": {"sha": "b698febed6c0d7ece2dd930b4a5347ca907d0ef2", "dirty": false},
				 "machine": {"cpu": "AMD EPYC"},
				 "scenarios": {"baseline": {"rps": 1475.3}},
				 "ratios": {"shared_vs_baseline": %s, "p99_shared_vs_baseline": %s,
				            "shared_vs_baseline_ci95": {"mean": %s, "low": 0.9, "high": 1.01, "slices": 12},
				            "handwritten_vs_baseline": 0.98, "shared_rls_vs_baseline": 0.96,
				            "schema_vs_baseline": 0.8}}
				""".formatted(startedAt, shared, p99, shared);
		return Files.writeString(this.directory.resolve(name), json);
	}

}
