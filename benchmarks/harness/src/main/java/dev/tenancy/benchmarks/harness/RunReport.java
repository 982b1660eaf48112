package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * A whole run, as the result files report it.
 *
 * @param profile the profile
 * @param command the command that started the run
 * @param startedAt when the run started
 * @param finishedAt when the measurements ended
 * @param wallTime the script's wall time so far (builds and JMH included) plus this harness's
 * @param machine the machine
 * @param loadBefore the load averages (1, 5, 15 min) when the run started
 * @param loadDuring minimum, mean and maximum of the 1-minute load average during the run
 * @param data the seeded data
 * @param runs each scenario's measurements, in scenario order
 * @param pacedRate requests started per second in the open-loop workload, NaN if it did not run
 * @param jmh the micro-benchmarks' results
 * @param scale the scale benchmarks' results, if they ran
 */
record RunReport(RunProfile profile, String command, Instant startedAt, Instant finishedAt, Duration wallTime,
		MachineInfo machine, double[] loadBefore, double[] loadDuring, DataSet data, Map<Scenario, ScenarioRun> runs,
		double pacedRate, List<JmhResult> jmh, List<ScaleResult> scale) {

	/** SHARED throughput must be at least this share of the baseline's. */
	static final double THROUGHPUT_TARGET = 0.95;

	/** SHARED p99 latency must be at most this multiple of the baseline's. */
	static final double P99_TARGET = 1.10;

	/** Whether the run read PostgreSQL's statements from {@code pg_stat_statements}. */
	boolean statementsTracked() {
		return this.runs.values().stream().anyMatch(ScenarioRun::hasStatements);
	}

	Optional<PhaseResult> result(Scenario scenario, String workload) {
		ScenarioRun run = this.runs.get(scenario);
		return (run != null) ? Optional.of(run.workloads().get(workload)) : Optional.empty();
	}

	/** Throughput of a scenario divided by the baseline's, for one workload; NaN when either is missing. */
	double throughputRatio(Scenario scenario, String workload) {
		return throughputRatio(scenario, Scenario.BASELINE, workload);
	}

	/** Throughput of a scenario divided by another's, for one workload; NaN when either is missing. */
	double throughputRatio(Scenario scenario, Scenario reference, String workload) {
		double baseline = result(reference, workload).map(PhaseResult::rps).orElse(Double.NaN);
		double other = result(scenario, workload).map(PhaseResult::rps).orElse(Double.NaN);
		return other / baseline;
	}

	/**
	 * The 95% confidence interval of a scenario's throughput ratio to the baseline, from the slices the two ran
	 * in turn; {@code null} with fewer than two slices.
	 */
	@Nullable RatioInterval throughputInterval(Scenario scenario, String workload) {
		return throughputInterval(scenario, Scenario.BASELINE, workload);
	}

	/**
	 * The 95% confidence interval of a scenario's throughput ratio to another's, slice {@code i} of one paired with
	 * slice {@code i} of the other (both ran in the same round); {@code null} with fewer than two slices or when
	 * either did not run.
	 */
	@Nullable RatioInterval throughputInterval(Scenario scenario, Scenario reference, String workload) {
		ScenarioRun baseline = this.runs.get(reference);
		ScenarioRun other = this.runs.get(scenario);
		if (baseline == null || other == null) {
			return null;
		}
		return RatioInterval.of(other.sliceRps(workload), baseline.sliceRps(workload));
	}

	/**
	 * The library's scenarios on the hand-written variant's table that ran, to compare with that variant; none if
	 * it did not run.
	 */
	List<Scenario> againstHandWritten() {
		if (!this.runs.containsKey(Scenario.HANDWRITTEN)) {
			return List.of();
		}
		return this.runs.keySet().stream().filter(Scenario::sharesHandWrittenTable).toList();
	}

	/** p99 latency of a scenario divided by the baseline's, for one workload. */
	double p99Ratio(Scenario scenario, String workload) {
		return p99Ratio(scenario, Scenario.BASELINE, workload);
	}

	/** p99 latency of a scenario divided by another's, for one workload. */
	double p99Ratio(Scenario scenario, Scenario reference, String workload) {
		return latencyRatio(scenario, reference, workload, PhaseResult.Stats::p99Ms);
	}

	/** Median latency of a scenario divided by the baseline's, for one workload. */
	double p50Ratio(Scenario scenario, String workload) {
		return latencyRatio(scenario, Scenario.BASELINE, workload, PhaseResult.Stats::p50Ms);
	}

	private double latencyRatio(Scenario scenario, Scenario reference, String workload,
			ToDoubleFunction<PhaseResult.Stats> latency) {
		double baseline = result(reference, workload).filter((r) -> r.requests() > 0)
			.map((r) -> latency.applyAsDouble(r.stats()))
			.orElse(Double.NaN);
		double other = result(scenario, workload).filter((r) -> r.requests() > 0)
			.map((r) -> latency.applyAsDouble(r.stats()))
			.orElse(Double.NaN);
		return other / baseline;
	}

	/** Whether the open-loop workload ran. */
	boolean paced() {
		return this.pacedRate > 0;
	}

	/**
	 * CPU per request of a scenario (application and database backends) divided by the baseline's: what the
	 * scenario costs, independent of how busy the machine was while it ran.
	 */
	double cpuRatio(Scenario scenario, String workload) {
		return cpuRatio(scenario, Scenario.BASELINE, workload);
	}

	/** CPU per request of a scenario (application and database backends) divided by another's. */
	double cpuRatio(Scenario scenario, Scenario reference, String workload) {
		double baseline = result(reference, workload).map(PhaseResult::cpuMsPerRequest).orElse(Double.NaN);
		double other = result(scenario, workload).map(PhaseResult::cpuMsPerRequest).orElse(Double.NaN);
		return other / baseline;
	}

	/**
	 * The throughput ratio to the baseline that a scenario's CPU per request implies, and its two sides; null when
	 * either scenario did not run or its CPU was not read. Everything shares the cores, so throughput
	 * largely follows CPU per request; these are arithmetic on the measured CPU, not measurements of their own.
	 * @param scenario the scenario
	 * @param workload the workload
	 * @return the baseline's CPU per request over the scenario's, then over the baseline's application CPU with
	 * the scenario's PostgreSQL CPU (what PostgreSQL's side alone would leave of the baseline's throughput), then
	 * over the scenario's application CPU with the baseline's PostgreSQL CPU (the application's side alone)
	 */
	@Nullable CpuSides cpuSides(Scenario scenario, String workload) {
		PhaseResult baseline = result(Scenario.BASELINE, workload).orElse(null);
		PhaseResult other = result(scenario, workload).orElse(null);
		if (baseline == null || other == null || baseline.requests() == 0 || other.requests() == 0
				|| baseline.databaseCpuMsPerRequest() < 0 || other.databaseCpuMsPerRequest() < 0) {
			return null;
		}
		double baselineApp = baseline.appCpuMsPerRequest();
		double baselineDatabase = baseline.databaseCpuMsPerRequest();
		double baselineCpu = baselineApp + baselineDatabase;
		if (baselineCpu <= 0) {
			return null;
		}
		return new CpuSides(baselineCpu / (other.appCpuMsPerRequest() + other.databaseCpuMsPerRequest()),
				baselineCpu / (baselineApp + other.databaseCpuMsPerRequest()),
				baselineCpu / (other.appCpuMsPerRequest() + baselineDatabase));
	}

	boolean throughputTargetMet() {
		return throughputRatio(Scenario.SHARED, ScenarioRun.MIXED) >= THROUGHPUT_TARGET;
	}

	boolean p99TargetMet() {
		return p99Ratio(Scenario.SHARED, ScenarioRun.MIXED) <= P99_TARGET;
	}

	List<String> workloads() {
		return List.of(ScenarioRun.MIXED, Call.Endpoint.GET_PROJECT.key(), Call.Endpoint.LIST_PROJECTS.key(),
				Call.Endpoint.CREATE_PROJECT.key());
	}

	static String workloadLabel(String workload) {
		if (workload.equals(ScenarioRun.MIXED_AT_RATE)) {
			return "mixed, open loop at one rate for every scenario";
		}
		if (workload.equals(ScenarioRun.MIXED)) {
			return "mixed (" + Workloads.MIX_GET + "% GET one, " + Workloads.MIX_LIST + "% GET page, "
					+ Workloads.MIX_CREATE + "% POST)";
		}
		for (Call.Endpoint endpoint : Call.Endpoint.values()) {
			if (endpoint.key().equals(workload)) {
				return endpoint.label();
			}
		}
		return workload;
	}

	/**
	 * Throughput ratios to the baseline implied by CPU per request ({@link #cpuSides}).
	 * @param implied with the scenario's CPU, both sides
	 * @param databaseAlone with the scenario's PostgreSQL CPU and the baseline's application CPU
	 * @param applicationAlone with the scenario's application CPU and the baseline's PostgreSQL CPU
	 */
	record CpuSides(double implied, double databaseAlone, double applicationAlone) {
	}

}
