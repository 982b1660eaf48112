package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;

import org.jspecify.annotations.Nullable;

/**
 * Writes {@code <profile>.md}: the run's conditions, the targets and whether they were met, a table per workload
 * and the JMH results; {@code docs/benchmarks.md} links it and shows the chart beside it.
 */
final class ResultsMarkdown {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private ResultsMarkdown() {
	}

	static void write(RunReport report, Path file, String chartFileName) throws IOException {
		StringBuilder md = new StringBuilder();
		RunProfile profile = report.profile();
		MachineInfo machine = report.machine();
		DataSet data = report.data();
		int tenants = data.tenants().size();
		md.append("# Benchmark results: ").append(profile.name()).append("\n\n");
		md.append("`").append(report.command()).append("`, ").append(WHEN.format(report.startedAt()))
			.append(", commit `").append(shortSha(machine.commit())).append('`')
			.append(machine.dirty() ? " (with uncommitted changes)" : "").append(", ")
			.append(format("%.1f", report.wallTime().toSeconds() / 60.0)).append(" minutes wall time.\n\n");
		md.append("- **Machine**: ").append(machine.cores()).append(" cores (").append(machine.cpu()).append("), ")
			.append(format("%.1f", machine.memoryGib())).append(" GiB, ").append(machine.os()).append("; ")
			.append(machine.jdk()).append("; ").append(machine.postgresql()).append(".\n");
		md.append("- **Load average** (1 min) at the start ").append(load(report.loadBefore(), 0));
		if (report.loadDuring().length == 3) {
			md.append("; during the run ").append(format("%.2f", report.loadDuring()[0])).append(" to ")
				.append(format("%.2f", report.loadDuring()[2])).append(", mean ")
				.append(format("%.2f", report.loadDuring()[1]));
		}
		md.append(". Everything (PostgreSQL, the application, the load generator) shares these cores.\n");
		md.append("- **CPU per request**: the application JVM's CPU time (all its threads, JIT and GC included) and "
				+ "that of the PostgreSQL backends connected to the scenario's databases, read from the operating "
				+ "system around each slice and divided by the successful requests. Unlike throughput, it does not "
				+ "depend on what else the machine was doing; the load generator's own CPU is not in it.\n");
		md.append("- **Data**: ").append(tenants).append(" tenants × ").append(format("%,d", data.projectsPerTenant()))
			.append(" projects (").append(format("%,d", (long) tenants * data.projectsPerTenant()))
			.append(" rows in the SHARED and hand-written tables; the baseline holds one tenant's ")
			.append(format("%,d", data.projectsPerTenant())).append("), seed ").append(data.seed()).append(".\n");
		md.append("- **Load**: ").append(profile.concurrency())
			.append(" concurrent requests, closed loop, from a separate JVM; warm-up ").append(profile.warmup().toSeconds())
			.append(" s, then each workload ").append(profile.measure().toSeconds()).append(" s per scenario, in ")
			.append(profile.slices()).append(" slices of ").append(profile.slice().toSeconds())
			.append(" s, the scenarios taking turns; ")
			.append(profile.tokensPerTenant()).append(" RS256 tokens per tenant, verified on every request; pool ")
			.append(profile.poolSize()).append(" connections (DATABASE tenants: ").append(profile.databaseTenantPoolSize())
			.append(" each); application JVM `").append(String.join(" ", profile.appJvmOptions())).append("`.")
			.append(report.paced() ? " Then the mixed workload once more, open loop at one rate for all (below)." : "")
			.append("\n\n");

		md.append("## Against the targets\n\n");
		md.append("| Target (mixed workload) | Measured | Met |\n|---|---|---|\n");
		RatioInterval interval = report.throughputInterval(Scenario.SHARED, ScenarioRun.MIXED);
		md.append("| SHARED throughput ≥ ").append(RunReport.THROUGHPUT_TARGET).append(" × baseline | ")
			.append(ratio(report.throughputRatio(Scenario.SHARED, ScenarioRun.MIXED))).append(" ×")
			.append((interval != null) ? " (" + interval(interval) + ")" : "").append(" | ")
			.append(report.throughputTargetMet() ? "yes" : "**no**")
			.append(throughputVerdict(interval)).append(" |\n");
		md.append("| SHARED p99 ≤ ").append(format("%.2f", RunReport.P99_TARGET)).append(" × baseline | ")
			.append(ratio(report.p99Ratio(Scenario.SHARED, ScenarioRun.MIXED))).append(" × | ")
			.append(report.p99TargetMet() ? "yes" : "**no**").append(" |\n");
		md.append("| SHARED CPU per request, application + database (for reference, no target) | ")
			.append(ratio(report.cpuRatio(Scenario.SHARED, ScenarioRun.MIXED))).append(" × | |\n\n");

		md.append("Throughput ratios with their 95% confidence interval over the slices each scenario ran in turn with "
				+ "the baseline (Student's t over the paired per-slice ratios; the noise of this run, not of the "
				+ "machine from day to day):\n\n");
		md.append("| Scenario | mixed | GET one | GET page | POST |\n|---|---|---|---|---|\n");
		for (Scenario scenario : report.runs().keySet()) {
			if (scenario == Scenario.BASELINE) {
				continue;
			}
			md.append("| ").append(scenario.key());
			for (String workload : report.workloads()) {
				RatioInterval each = report.throughputInterval(scenario, workload);
				md.append(" | ").append((each != null) ? interval(each) : "n/a");
			}
			md.append(" |\n");
		}
		md.append("\n");
		handWrittenSection(md, report);
		cpuSidesSection(md, report);
		machineSection(md, report);
		jitSection(md, report);

		if (report.paced()) {
			pacedSection(md, report);
		}

		for (String workload : report.workloads()) {
			md.append("## ").append(RunReport.workloadLabel(workload)).append("\n\n");
			table(md, report, workload, "req/s vs baseline", report::throughputRatio);
		}
		md.append("![Throughput and p99 latency per scenario](").append(chartFileName).append(")\n\n");
		statementsSection(md, report);

		md.append("## Scenarios\n\n");
		for (ScenarioRun run : report.runs().values()) {
			md.append("- **").append(run.scenario().key()).append("**: ").append(run.scenario().description())
				.append(". Ready ").append(format("%.1f", run.startup().toMillis() / 1000.0))
				.append(" s after its start; ")
				.append(format("%,d", run.seededRows())).append(" rows seeded. Checks: ").append(run.checks())
				.append(".\n");
		}
		md.append('\n');

		md.append("## Scale\n\n");
		if (report.scale().isEmpty()) {
			md.append("The scale benchmarks did not run (they run in the full profile, or with `--scale`).\n\n");
		}
		for (ScaleResult result : report.scale()) {
			md.append("### ").append(result.name()).append("\n\n| Measurement | Value |\n|---|---:|\n");
			result.flattened().forEach((path, value) -> md.append("| `").append(path).append("` | ").append(value)
				.append(" |\n"));
			md.append('\n');
		}

		md.append("## JMH\n\n");
		if (report.jmh().isEmpty()) {
			md.append("No JMH results in this run.\n");
		}
		else {
			md.append("| Benchmark | Parameters | Score | ± (99.9%) | Unit |\n|---|---|---:|---:|---|\n");
			for (JmhResult result : report.jmh()) {
				md.append("| `").append(result.benchmark()).append("` | ").append(result.params()).append(" | ")
					.append(format("%,.1f", result.score())).append(" | ")
					.append(Double.isNaN(result.error()) ? "n/a" : format("%,.1f", result.error())).append(" | ")
					.append(result.unit()).append(" |\n");
			}
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, md.toString());
	}

	/**
	 * Latency when every scenario serves the same rate, open loop, below saturation: what a request costs, apart from
	 * the queueing that a saturated closed loop adds in proportion to lost throughput.
	 */
	private static void pacedSection(StringBuilder md, RunReport report) {
		String workload = ScenarioRun.MIXED_AT_RATE;
		md.append("## Latency at an equal rate\n\n");
		md.append("The mixed workload again, open loop: every scenario is sent ")
			.append(format("%,.0f", report.pacedRate())).append(" requests/s (")
			.append(format("%.0f", report.profile().pacedShare() * 100))
			.append("% of the baseline's closed-loop mixed throughput in this run), on a fixed schedule, each "
					+ "latency counted from when its request was due. Closed-loop latency on a saturated machine "
					+ "largely mirrors throughput; at one rate below saturation it shows what a request itself costs. "
					+ "The target above stays the closed-loop one.\n\n");
		// every scenario serves the same rate, so the median's ratio is the one to read, not the throughput's
		table(md, report, workload, "p50 vs baseline", report::p50Ratio);
	}

	/**
	 * One workload's table: a row per scenario with throughput, latencies, CPU per request and errors, and two
	 * ratios to the baseline, the first given, then p99's.
	 */
	private static void table(StringBuilder md, RunReport report, String workload, String firstRatioHeading,
			ToDoubleBiFunction<Scenario, String> firstRatio) {
		md.append("| Scenario | req/s | p50 ms | p99 ms | p99.9 ms | ").append(firstRatioHeading)
			.append(" | p99 vs baseline | CPU ms/req app + db | CPU vs baseline | errors |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ScenarioRun run : report.runs().values()) {
			PhaseResult result = run.workloads().get(workload);
			PhaseResult.Stats stats = result.stats();
			md.append("| ").append(run.scenario().key()).append(" | ").append(format("%,.0f", stats.rps()))
				.append(" | ").append(format("%.2f", stats.p50Ms())).append(" | ")
				.append(format("%.2f", stats.p99Ms())).append(" | ").append(format("%.2f", stats.p999Ms()))
				.append(" | ").append(ratio(firstRatio.applyAsDouble(run.scenario(), workload))).append(" | ")
				.append(ratio(report.p99Ratio(run.scenario(), workload))).append(" | ")
				.append(cpu(result)).append(" | ").append(ratio(report.cpuRatio(run.scenario(), workload)))
				.append(" | ").append(result.errorCount()).append(" |\n");
		}
		md.append('\n');
	}

	private static String cpu(PhaseResult result) {
		double database = result.databaseCpuMsPerRequest();
		return format("%.3f", result.appCpuMsPerRequest()) + " + "
				+ ((database < 0) ? "n/a" : format("%.3f", database));
	}

	private static String ratio(double value) {
		return (Double.isNaN(value) || Double.isInfinite(value)) ? "n/a" : format("%.2f", value);
	}

	private static String load(double[] values, int index) {
		return (values.length > index) ? format("%.2f", values[index]) : "unknown";
	}

	private static String shortSha(String sha) {
		return (sha.length() > 12) ? sha.substring(0, 12) : sha;
	}

	/** {@link String#format} in the root locale, as every result file is written. */
	static String format(String pattern, Object... values) {
		return String.format(Locale.ROOT, pattern, values);
	}

	/**
	 * The scenarios on the hand-written variant's table against that variant: what the library adds beyond keeping
	 * every tenant in one table.
	 */
	private static void handWrittenSection(StringBuilder md, RunReport report) {
		List<Scenario> scenarios = report.againstHandWritten();
		if (scenarios.isEmpty()) {
			return;
		}
		md.append("## The library against the hand-written filter\n\n");
		md.append("The hand-written variant keeps every tenant in the same table as SHARED, with the same key, index "
				+ "and rows, pages with the same JPQL query and counts with count(*), and filters by hand; the ratio of "
				+ "a SHARED scenario to it is what the library adds beyond keeping tenants in one table, Hibernate's "
				+ "own cost of the filter included: it translates a query again on every call while a filter is "
				+ "enabled, and caches the hand-written variant's. ");
		md.append("Throughput ratio (95% interval over the slices both ran in the same round), then p99 and CPU per "
				+ "request of the mixed workload:\n\n");
		comparisonTable(md, report, scenarios, Scenario.HANDWRITTEN);
	}

	/**
	 * The throughput ratio each scenario's CPU per request implies on the mixed workload, and how much of it
	 * PostgreSQL's side and the application's side take: which side a scenario's cost is on.
	 */
	private static void cpuSidesSection(StringBuilder md, RunReport report) {
		StringBuilder rows = new StringBuilder();
		for (Scenario scenario : report.runs().keySet()) {
			RunReport.CpuSides sides = (scenario != Scenario.BASELINE)
					? report.cpuSides(scenario, ScenarioRun.MIXED) : null;
			if (sides == null) {
				continue;
			}
			rows.append("| ").append(scenario.key()).append(" | ")
				.append(ratio(report.throughputRatio(scenario, ScenarioRun.MIXED))).append(" | ")
				.append(ratio(sides.implied())).append(" | ").append(ratio(sides.databaseAlone())).append(" | ")
				.append(ratio(sides.applicationAlone())).append(" |\n");
		}
		if (rows.isEmpty()) {
			return;
		}
		md.append("## Which side the cost is on\n\n");
		md.append("Everything shares the cores, so a scenario's throughput largely follows its CPU per request: the "
				+ "baseline's CPU per request over the scenario's implies a throughput ratio, to set beside the "
				+ "measured one. Splitting it shows which side a scenario's cost is on: the ratio with the "
				+ "scenario's PostgreSQL CPU and the baseline's application "
				+ "CPU (PostgreSQL's side alone), and with the scenario's application CPU and the baseline's PostgreSQL "
				+ "CPU (the application's side alone); the two multiply to about the implied ratio. Arithmetic on the "
				+ "CPU per request of the mixed workload (below), not measurements of their own. The measured ratio "
				+ "is the implied one times the share of the machine the scenario's application and PostgreSQL had, "
				+ "over the baseline's (\"Where the machine's CPU went\", when the machine's counters could be read): "
				+ "where the load generator and everything else took more or less from one scenario than from "
				+ "another, the two differ.\n\n");
		md.append("| Scenario | req/s vs baseline, measured | implied by CPU | PostgreSQL's side alone "
				+ "| the application's side alone |\n|---|---:|---:|---:|---:|\n");
		md.append(rows).append("\n");
	}

	/**
	 * How the machine's processors were spent while each scenario's mixed workload was measured: what says whether
	 * throughput could follow CPU per request, which it does only where the rest took the same share in every
	 * scenario.
	 */
	private static void machineSection(StringBuilder md, RunReport report) {
		StringBuilder rows = new StringBuilder();
		int processors = 0;
		for (ScenarioRun run : report.runs().values()) {
			PhaseResult result = run.workloads().get(ScenarioRun.MIXED);
			PhaseResult.MachineUse use = result.machineUse();
			if (use == null) {
				continue;
			}
			processors = use.processors();
			rows.append("| ").append(run.scenario().key()).append(" | ").append(format("%,.0f", result.rps()));
			for (double part : new double[] { use.application(), use.database(),
					use.application() + use.database(), use.loadGenerator(), use.rest(), use.idle(), use.stolen() }) {
				rows.append(" | ").append(format("%.2f", part));
			}
			rows.append(" |\n");
		}
		if (rows.isEmpty()) {
			return;
		}
		md.append("## Where the machine's CPU went\n\n");
		md.append("Processors in use on average while each scenario's mixed workload was measured, of the machine's ")
			.append(processors).append(", from the kernel's counters (`/proc/stat`) and the processes' CPU time: the "
					+ "scenario's application, its PostgreSQL backends, the load generator (the harness), everything "
					+ "else that worked (the other scenarios' idle applications, PostgreSQL's background processes, "
					+ "the kernel's work not charged to a process, other services), idle time (waiting for I/O "
					+ "included) and time the hypervisor took for other machines. Throughput follows CPU per request "
					+ "only as far as the application and PostgreSQL had the same share of the machine in every "
					+ "scenario.\n\n");
		md.append("| Scenario | req/s | application | PostgreSQL | both | load generator | everything else | idle "
				+ "| stolen |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		md.append(rows).append("\n");
	}

	/** Each scenario's throughput ratios to a reference, workload by workload, then its mixed p99 and CPU ratios. */
	private static void comparisonTable(StringBuilder md, RunReport report, List<Scenario> scenarios,
			Scenario reference) {
		md.append("| Scenario | mixed | GET one | GET page | POST | p99, mixed | CPU, mixed |\n"
				+ "|---|---|---|---|---|---|---|\n");
		for (Scenario scenario : scenarios) {
			md.append("| ").append(scenario.key());
			for (String workload : report.workloads()) {
				RatioInterval each = report.throughputInterval(scenario, reference, workload);
				md.append(" | ").append(ratio(report.throughputRatio(scenario, reference, workload)))
					.append((each != null) ? " (" + interval(each) + ")" : "");
			}
			md.append(" | ").append(ratio(report.p99Ratio(scenario, reference, ScenarioRun.MIXED)))
				.append(" | ").append(ratio(report.cpuRatio(scenario, reference, ScenarioRun.MIXED)))
				.append(" |\n");
		}
		md.append("\n");
	}

	/**
	 * How much of each application's CPU went to its JIT compiler threads while each workload was measured, in the
	 * order the workloads ran: what is still warm-up in the numbers.
	 */
	private static void jitSection(StringBuilder md, RunReport report) {
		List<String> workloads = new ArrayList<>(List.of(Call.Endpoint.GET_PROJECT.key(),
				Call.Endpoint.LIST_PROJECTS.key(), ScenarioRun.MIXED, Call.Endpoint.CREATE_PROJECT.key()));
		if (report.paced()) {
			workloads.add(3, ScenarioRun.MIXED_AT_RATE);
		}
		md.append("## JIT compilation while measuring\n\n");
		md.append("The share of each application's CPU that its JIT compiler threads used (`C1`/`C2 CompilerThread`, "
				+ "read from `/proc`) while each workload was measured, in the order the workloads ran. It is in the CPU "
				+ "per request and takes cores from serving: a share above a few percent means the application was "
				+ "still warming up.\n\n");
		md.append("| Scenario | GET one | GET page | mixed |").append(report.paced() ? " mixed, open loop |" : "")
			.append(" POST |\n|---|---|---|---|").append(report.paced() ? "---|" : "").append("---|\n");
		for (ScenarioRun run : report.runs().values()) {
			md.append("| ").append(run.scenario().key());
			for (String workload : workloads) {
				double share = run.workloads().get(workload).jitShareOfAppCpu();
				md.append(" | ").append((Double.isNaN(share) || run.workloads().get(workload).requests() == 0) ? "n/a"
						: format("%.1f%%", share * 100));
			}
			md.append(" |\n");
		}
		md.append("\n");
		@Nullable Double settleJit = report.profile().settleJit();
		if (settleJit != null && report.runs().values().stream().anyMatch((run) -> run.warmup() != null)) {
			md.append("After its fixed warm-up, each application was warmed up further, a slice at a time, until its JIT "
					+ "compiler threads' share of its CPU in the last slice fell below ")
				.append(format("%.0f%%", settleJit * 100)).append(" (`--settle-jit ").append(settleJit)
				.append("`):\n\n");
			for (ScenarioRun run : report.runs().values()) {
				JitSettling.Outcome warmup = run.warmup();
				if (warmup != null) {
					md.append("- ").append(run.scenario().key()).append(": ").append(format("%.0f", warmup.seconds()))
						.append(" s more, JIT ")
						.append(Double.isNaN(warmup.lastShare()) ? "unknown" : format("%.1f%%", warmup.lastShare() * 100))
						.append(" in the last slice").append(warmup.settled() ? "" : ", not settled within the limit")
						.append(".\n");
				}
			}
			md.append("\n");
		}
	}

	/**
	 * What PostgreSQL ran per request, statement by statement, when the server tracked statements: where each
	 * scenario's database time goes, which its backends' CPU per request only sums up.
	 */
	private static void statementsSection(StringBuilder md, RunReport report) {
		if (!report.statementsTracked()) {
			return;
		}
		md.append("## Statements per request\n\n");
		md.append("From `pg_stat_statements`, reset before each workload and read after it for each scenario's "
				+ "databases: how often each statement ran per successful request, its mean execution time inside "
				+ "the server (round trip and protocol not included) and what that adds up to per request; plans per "
				+ "execution when `pg_stat_statements.track_planning` is on (1 means planned anew every time). "
				+ "Statements run less than once per 100 requests are left out. The server's own statement tracking "
				+ "costs every scenario a little.\n\n");
		md.append("Execution time inside PostgreSQL per request, all statements:\n\n");
		md.append("| Scenario | GET one | GET page | mixed | POST |\n|---|---|---|---|---|\n");
		List<String> workloads = List.of(Call.Endpoint.GET_PROJECT.key(), Call.Endpoint.LIST_PROJECTS.key(),
				ScenarioRun.MIXED, Call.Endpoint.CREATE_PROJECT.key());
		for (ScenarioRun run : report.runs().values()) {
			md.append("| ").append(run.scenario().key());
			for (String workload : workloads) {
				long requests = run.workloads().get(workload).requests();
				double total = run.statements(workload).stream()
					.mapToDouble((statement) -> statement.execMsPerRequest(requests))
					.sum();
				md.append(" | ").append(run.statements(workload).isEmpty() ? "n/a" : format("%.3f ms", total));
			}
			md.append(" |\n");
		}
		md.append("\n");
		for (String workload : List.of(Call.Endpoint.LIST_PROJECTS.key(), Call.Endpoint.GET_PROJECT.key())) {
			md.append("### ").append(RunReport.workloadLabel(workload)).append("\n\n");
			md.append("| Scenario | Statement | per request | mean ms | ms per request | plans per execution |\n"
					+ "|---|---|---:|---:|---:|---:|\n");
			for (ScenarioRun run : report.runs().values()) {
				long requests = run.workloads().get(workload).requests();
				for (DatabaseStatements.Statement statement : run.statements(workload)) {
					if (statement.callsPerRequest(requests) < 0.01) {
						continue;
					}
					double plans = statement.plansPerCall();
					md.append("| ").append(run.scenario().key()).append(" | `").append(abbreviate(statement.query()))
						.append("` | ").append(format("%.2f", statement.callsPerRequest(requests))).append(" | ")
						.append(format("%.4f", statement.meanExecMs())).append(" | ")
						.append(format("%.4f", statement.execMsPerRequest(requests))).append(" | ")
						.append(Double.isNaN(plans) ? "n/a" : format("%.2f", plans)).append(" |\n");
				}
			}
			md.append("\n");
		}
	}

	/** A statement on one table line: whitespace collapsed, at most 100 characters, no pipes or backticks. */
	static String abbreviate(String query) {
		String line = query.replaceAll("\\s+", " ").trim().replace('|', '¦').replace('`', '\'');
		return (line.length() > 100) ? line.substring(0, 99) + "…" : line;
	}

	private static String interval(RatioInterval interval) {
		return format("%.2f–%.2f, %d slices", interval.low(), interval.high(), interval.slices());
	}

	/** Whether a missed or met throughput target is more than this run's noise. */
	private static String throughputVerdict(@Nullable RatioInterval interval) {
		if (interval == null) {
			return "";
		}
		if (interval.surelyAtLeast(RunReport.THROUGHPUT_TARGET)) {
			return ", beyond this run's noise";
		}
		if (interval.surelyBelow(RunReport.THROUGHPUT_TARGET)) {
			return ", short of it beyond this run's noise";
		}
		return ", within this run's noise of it";
	}

}
