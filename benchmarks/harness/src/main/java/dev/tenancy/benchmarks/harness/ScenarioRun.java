package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Everything measured for one scenario, over all its slices.
 */
final class ScenarioRun {

	/** The workloads, in the order they are reported; the mixed one is each scenario's headline. */
	static final String MIXED = "mixed";

	/** The mixed workload again, open loop, at the same rate in every scenario: latency at equal load. */
	static final String MIXED_AT_RATE = "mixed_at_rate";

	private final Scenario scenario;

	private final Map<String, PhaseResult> workloads = new LinkedHashMap<>();

	/** Each workload's throughput slice by slice, in the order the slices ran. */
	private final Map<String, List<Double>> sliceRps = new HashMap<>();

	/** What PostgreSQL ran for each workload, when the server tracks statements. */
	private final Map<String, List<DatabaseStatements.Statement>> statements = new HashMap<>();

	/** How the warm-up was extended until the JIT settled, if it was. */
	private JitSettling.@Nullable Outcome warmup;

	private Duration startup = Duration.ZERO;

	private String checks = "";

	private long seededRows;

	ScenarioRun(Scenario scenario) {
		this.scenario = scenario;
		// the open-loop workload appears once it ran: a profile may leave it out
		this.workloads.put(MIXED, new PhaseResult());
		for (Call.Endpoint endpoint : Call.Endpoint.values()) {
			this.workloads.put(endpoint.key(), new PhaseResult());
		}
	}

	void record(String workload, PhaseResult result) {
		this.workloads.computeIfAbsent(workload, (key) -> new PhaseResult()).merge(result);
		this.sliceRps.computeIfAbsent(workload, (key) -> new ArrayList<>()).add(result.rps());
	}

	/** A workload's successful requests per second in each slice, in the order the slices ran. */
	List<Double> sliceRps(String workload) {
		return this.sliceRps.getOrDefault(workload, List.of());
	}

	void recordStatements(String workload, List<DatabaseStatements.Statement> statements) {
		this.statements.put(workload, List.copyOf(statements));
	}

	/**
	 * The statements PostgreSQL ran for a workload, the most time-consuming first; empty when the server did not
	 * track statements.
	 */
	List<DatabaseStatements.Statement> statements(String workload) {
		return this.statements.getOrDefault(workload, List.of());
	}

	void warmedUp(JitSettling.Outcome outcome) {
		this.warmup = outcome;
	}

	/** How the warm-up was extended until the JIT settled; {@code null} when it was not. */
	JitSettling.@Nullable Outcome warmup() {
		return this.warmup;
	}

	/** Whether PostgreSQL's statements were tracked for any workload. */
	boolean hasStatements() {
		return !this.statements.isEmpty();
	}

	void started(Duration startup, String checks, long seededRows) {
		this.startup = startup;
		this.checks = checks;
		this.seededRows = seededRows;
	}

	Scenario scenario() {
		return this.scenario;
	}

	Map<String, PhaseResult> workloads() {
		return this.workloads;
	}

	PhaseResult headline() {
		return this.workloads.get(MIXED);
	}

	/** Time from process start to the first HTTP answer. */
	Duration startup() {
		return this.startup;
	}

	String checks() {
		return this.checks;
	}

	long seededRows() {
		return this.seededRows;
	}

}
