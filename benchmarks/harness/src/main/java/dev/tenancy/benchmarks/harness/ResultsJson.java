package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code <profile>.json}: per scenario {@code rps}, {@code p50_ms} and {@code p99_ms} of the mixed workload
 * (and of each endpoint under {@code workloads}), with the CPU per request of the application and of its database
 * backends, the {@code ratios} to the baseline (throughput with its 95% interval, p99, CPU per request; latency at
 * an equal open-loop rate under {@code at_equal_rate}), the targets, the machine, the data sizes, the load and the
 * commit.
 */
final class ResultsJson {

	/** The scenarios whose ratios to the baseline are reported; an experiment only when it ran. */
	private static final Scenario[] COMPARED = { Scenario.SHARED, Scenario.SCHEMA, Scenario.DATABASE,
			Scenario.HANDWRITTEN, Scenario.SHARED_RLS };

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private ResultsJson() {
	}

	static void write(RunReport report, Path file) throws IOException {
		ObjectNode root = JSON.createObjectNode();
		root.put("profile", report.profile().name());
		root.put("command", report.command());
		root.put("started_at", report.startedAt().toString());
		root.put("finished_at", report.finishedAt().toString());
		root.put("wall_seconds", Math.round(report.wallTime().toMillis() / 1000.0));
		ObjectNode commit = root.putObject("commit");
		commit.put("sha", report.machine().commit());
		commit.put("dirty", report.machine().dirty());
		machine(root.putObject("machine"), report);
		data(root.putObject("data"), report);
		load(root.putObject("load"), report);
		ObjectNode scenarios = root.putObject("scenarios");
		report.runs().forEach((scenario, run) -> scenario(scenarios.putObject(scenario.key()), run));
		ObjectNode ratios = root.putObject("ratios");
		ratios.put("workload", ScenarioRun.MIXED);
		ratios(ratios, report, ScenarioRun.MIXED);
		ObjectNode byWorkload = ratios.putObject("by_workload");
		for (String workload : report.workloads()) {
			ratios(byWorkload.putObject(workload), report, workload);
		}
		if (report.paced()) {
			ObjectNode atRate = ratios.putObject("at_equal_rate");
			atRate.put("workload", ScenarioRun.MIXED_AT_RATE);
			atRate.put("rate_rps", round(report.pacedRate(), 1));
			for (Scenario scenario : compared(report)) {
				atRate.put("p50_" + scenario.key() + "_vs_baseline",
						roundOrNull(report.p50Ratio(scenario, ScenarioRun.MIXED_AT_RATE)));
			}
			for (Scenario scenario : compared(report)) {
				atRate.put("p99_" + scenario.key() + "_vs_baseline",
						roundOrNull(report.p99Ratio(scenario, ScenarioRun.MIXED_AT_RATE)));
			}
			for (Scenario scenario : compared(report)) {
				atRate.put("cpu_" + scenario.key() + "_vs_baseline",
						roundOrNull(report.cpuRatio(scenario, ScenarioRun.MIXED_AT_RATE)));
			}
		}
		ObjectNode targets = root.putObject("targets");
		targets.put("workload", ScenarioRun.MIXED);
		targets.put("shared_throughput_ratio_min", RunReport.THROUGHPUT_TARGET);
		targets.put("shared_p99_ratio_max", RunReport.P99_TARGET);
		targets.put("shared_throughput_met", report.throughputTargetMet());
		targets.put("shared_p99_met", report.p99TargetMet());
		RatioInterval interval = report.throughputInterval(Scenario.SHARED, ScenarioRun.MIXED);
		if (interval != null) {
			targets.put("shared_throughput_met_beyond_noise", interval.surelyAtLeast(RunReport.THROUGHPUT_TARGET));
			targets.put("shared_throughput_missed_beyond_noise", interval.surelyBelow(RunReport.THROUGHPUT_TARGET));
		}
		ObjectNode scale = root.putObject("scale");
		for (ScaleResult result : report.scale()) {
			scale.set(result.name(), result.content());
		}
		ArrayNode jmh = root.putArray("jmh");
		for (JmhResult result : report.jmh()) {
			ObjectNode entry = jmh.addObject();
			entry.put("benchmark", result.benchmark());
			if (!result.params().isEmpty()) {
				entry.put("params", result.params());
			}
			entry.put("mode", result.mode());
			entry.put("score", round(result.score(), 3));
			entry.put("error", Double.isNaN(result.error()) ? null : round(result.error(), 3));
			entry.put("unit", result.unit());
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, JSON.writeValueAsString(root) + "\n");
	}

	private static void machine(ObjectNode node, RunReport report) {
		MachineInfo machine = report.machine();
		node.put("cores", machine.cores());
		node.put("memory_gib", round(machine.memoryGib(), 1));
		node.put("cpu", machine.cpu());
		node.put("os", machine.os());
		node.put("jdk", machine.jdk());
		node.put("postgresql", machine.postgresql());
		node.put("pg_stat_statements", report.statementsTracked());
		ArrayNode before = node.putArray("load_average_before");
		for (double value : report.loadBefore()) {
			before.add(value);
		}
		ObjectNode during = node.putObject("load_average_1min_during");
		if (report.loadDuring().length == 3) {
			during.put("min", round(report.loadDuring()[0], 2));
			during.put("mean", round(report.loadDuring()[1], 2));
			during.put("max", round(report.loadDuring()[2], 2));
		}
	}

	private static void data(ObjectNode node, RunReport report) {
		DataSet data = report.data();
		int tenants = data.tenants().size();
		node.put("tenants", tenants);
		node.put("projects_per_tenant", data.projectsPerTenant());
		node.put("shared_table_rows", (long) tenants * data.projectsPerTenant());
		node.put("baseline_rows", data.projectsPerTenant());
		node.put("baseline_serves", "the rows of one tenant (" + data.baselineTenant()
				+ "), as a single-tenant deployment would");
		node.put("seed", data.seed());
	}

	private static void load(ObjectNode node, RunReport report) {
		RunProfile profile = report.profile();
		node.put("generator", "closed loop, java.net.http.HttpClient (HTTP/1.1) on platform threads, "
				+ "in the harness's own JVM; latencies recorded per request in HdrHistogram");
		node.put("concurrency", profile.concurrency());
		node.put("warmup_seconds", profile.warmup().toSeconds());
		// null: the fixed warm-up alone; else each scenario's warmup_extension says how much longer it took
		node.put("settle_jit", profile.settleJit());
		node.put("measure_seconds_per_workload", profile.measure().toSeconds());
		node.put("slices_per_workload", profile.slices());
		node.put("slice_seconds", profile.slice().toSeconds());
		node.put("schedule", "all five applications run at once; each workload is measured slice by slice, "
				+ "the scenarios taking turns (rotating who goes first), so background load hits all alike");
		ObjectNode mix = node.putObject("mix_percent");
		mix.put("get_project", Workloads.MIX_GET);
		mix.put("list_projects", Workloads.MIX_LIST);
		mix.put("create_project", Workloads.MIX_CREATE);
		if (report.paced()) {
			ObjectNode paced = node.putObject("open_loop");
			paced.put("workload", ScenarioRun.MIXED_AT_RATE);
			paced.put("share_of_baseline_mixed_rps", profile.pacedShare());
			paced.put("rate_rps", round(report.pacedRate(), 1));
			paced.put("latency_from", "the time each request was due on the schedule (no coordinated omission)");
		}
		node.put("tokens_per_tenant", profile.tokensPerTenant());
		node.put("jwt", "RS256, 2048-bit key; signature, issuer, audience, expiry and not-before checked per request");
		node.put("app_pool_size", profile.poolSize());
		node.put("database_tenant_pool_size", profile.databaseTenantPoolSize());
		ArrayNode options = node.putArray("app_jvm_options");
		profile.appJvmOptions().forEach(options::add);
	}

	private static void scenario(ObjectNode node, ScenarioRun run) {
		node.put("description", run.scenario().description());
		PhaseResult headline = run.headline();
		stats(node, headline);
		node.put("startup_seconds", round(run.startup().toMillis() / 1000.0, 1));
		node.put("seeded_rows", run.seededRows());
		node.put("checks", run.checks());
		JitSettling.Outcome warmup = run.warmup();
		if (warmup != null) {
			ObjectNode extension = node.putObject("warmup_extension");
			extension.put("seconds", warmup.seconds());
			extension.put("rounds", warmup.rounds());
			extension.put("last_jit_share", roundOrNull(warmup.lastShare()));
			extension.put("settled", warmup.settled());
		}
		ObjectNode workloads = node.putObject("workloads");
		for (Map.Entry<String, PhaseResult> entry : run.workloads().entrySet()) {
			ObjectNode workload = workloads.putObject(entry.getKey());
			workload.put("label", RunReport.workloadLabel(entry.getKey()));
			stats(workload, entry.getValue());
			List<DatabaseStatements.Statement> statements = run.statements(entry.getKey());
			if (!statements.isEmpty()) {
				statements(workload.putArray("db_statements"), statements, entry.getValue().requests());
			}
		}
	}

	/** What PostgreSQL ran for a workload, per successful request and per execution. */
	private static void statements(ArrayNode node, List<DatabaseStatements.Statement> statements, long requests) {
		for (DatabaseStatements.Statement statement : statements) {
			ObjectNode entry = node.addObject();
			entry.put("query", statement.query());
			entry.put("calls_per_request", roundOrNull(statement.callsPerRequest(requests)));
			entry.put("exec_ms_per_request", roundOrNull(statement.execMsPerRequest(requests), 4));
			entry.put("mean_exec_ms", roundOrNull(statement.meanExecMs(), 4));
			entry.put("mean_plan_ms", roundOrNull(statement.meanPlanMs(), 4));
			entry.put("plans_per_call", roundOrNull(statement.plansPerCall()));
			entry.put("rows_per_call", roundOrNull(statement.rowsPerCall()));
			entry.put("calls", statement.calls());
		}
	}

	private static void stats(ObjectNode node, PhaseResult result) {
		PhaseResult.Stats stats = result.stats();
		node.put("rps", round(stats.rps(), 1));
		node.put("p50_ms", round(stats.p50Ms(), 3));
		node.put("p90_ms", round(stats.p90Ms(), 3));
		node.put("p99_ms", round(stats.p99Ms(), 3));
		node.put("p999_ms", round(stats.p999Ms(), 3));
		node.put("max_ms", round(stats.maxMs(), 3));
		node.put("mean_ms", round(stats.meanMs(), 3));
		node.put("requests", stats.requests());
		node.put("seconds", round(result.seconds(), 2));
		node.put("errors", result.errorCount());
		node.put("app_cpu_ms_per_request", round(result.appCpuMsPerRequest(), 4));
		double database = result.databaseCpuMsPerRequest();
		node.put("db_cpu_ms_per_request", (database < 0) ? null : round(database, 4));
		node.put("app_jit_share", roundOrNull(result.jitShareOfAppCpu()));
		PhaseResult.MachineUse machine = result.machineUse();
		if (machine != null) {
			ObjectNode processors = node.putObject("machine_processors");
			processors.put("app", round(machine.application(), 3));
			processors.put("db", round(machine.database(), 3));
			processors.put("load_generator", round(machine.loadGenerator(), 3));
			processors.put("rest", round(machine.rest(), 3));
			processors.put("idle", round(machine.idle(), 3));
			processors.put("stolen", round(machine.stolen(), 3));
			processors.put("of", machine.processors());
		}
		if (!result.errors().isEmpty()) {
			ObjectNode kinds = node.putObject("error_kinds");
			result.errors().forEach(kinds::put);
		}
	}

	private static List<Scenario> compared(RunReport report) {
		List<Scenario> compared = new ArrayList<>(List.of(COMPARED));
		report.runs().keySet().stream().filter((scenario) -> !Scenario.standard().contains(scenario)).forEach(compared::add);
		return compared;
	}

	private static void ratios(ObjectNode node, RunReport report, String workload) {
		for (Scenario scenario : compared(report)) {
			node.put(scenario.key() + "_vs_baseline", roundOrNull(report.throughputRatio(scenario, workload)));
		}
		for (Scenario scenario : compared(report)) {
			RatioInterval interval = report.throughputInterval(scenario, workload);
			if (interval != null) {
				interval(node.putObject(scenario.key() + "_vs_baseline_ci95"), interval);
			}
		}
		for (Scenario scenario : compared(report)) {
			node.put("p99_" + scenario.key() + "_vs_baseline", roundOrNull(report.p99Ratio(scenario, workload)));
		}
		for (Scenario scenario : compared(report)) {
			node.put("cpu_" + scenario.key() + "_vs_baseline", roundOrNull(report.cpuRatio(scenario, workload)));
		}
		against(node, report, report.againstHandWritten(), Scenario.HANDWRITTEN, workload);
	}

	/** Each scenario's ratios to a reference other than the baseline, named {@code <scenario>_vs_<reference>}. */
	private static void against(ObjectNode node, RunReport report, List<Scenario> scenarios, Scenario reference,
			String workload) {
		for (Scenario scenario : scenarios) {
			String name = scenario.key() + "_vs_" + reference.key();
			node.put(name, roundOrNull(report.throughputRatio(scenario, reference, workload)));
			RatioInterval interval = report.throughputInterval(scenario, reference, workload);
			if (interval != null) {
				interval(node.putObject(name + "_ci95"), interval);
			}
			node.put("p99_" + name, roundOrNull(report.p99Ratio(scenario, reference, workload)));
			node.put("cpu_" + name, roundOrNull(report.cpuRatio(scenario, reference, workload)));
		}
	}

	/** The 95% interval of a throughput ratio: mean of the per-slice ratios, bounds, and how many slices. */
	private static void interval(ObjectNode node, RatioInterval interval) {
		node.put("mean", round(interval.mean(), 3));
		node.put("low", round(interval.low(), 3));
		node.put("high", round(interval.high(), 3));
		node.put("slices", interval.slices());
	}

	private static Double roundOrNull(double value) {
		return roundOrNull(value, 3);
	}

	private static Double roundOrNull(double value, int decimals) {
		return (Double.isNaN(value) || Double.isInfinite(value)) ? null : round(value, decimals);
	}

	static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

}
