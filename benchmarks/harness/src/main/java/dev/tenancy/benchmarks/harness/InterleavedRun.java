package dev.tenancy.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Runs every scenario's application at once and measures them in turns: for each workload, slice after slice, each
 * scenario gets one slice of load while the others wait, the first scenario of each round rotating. A burst of
 * load from elsewhere on the machine then lands on every scenario about equally, instead of on whichever one ran
 * during it.
 * <p>
 * After the closed-loop workloads, unless the profile leaves it out, the mixed workload runs once more open loop, at
 * one rate for every scenario: a share of the baseline's mixed throughput in this run
 * ({@link RunProfile#pacedShare()}). Closed-loop latency on a saturated machine mostly mirrors throughput (a slower
 * server queues the same concurrency longer); at an equal rate below saturation, latency shows what each request
 * itself costs.
 */
final class InterleavedRun {

	/** One slice of load. */
	@FunctionalInterface
	private interface Slice {

		PhaseResult run(List<Call> calls, Duration duration) throws InterruptedException;

	}

	private final ScenarioInstance.Context context;

	private final LoadGenerator load;

	/** What PostgreSQL ran, statement by statement; {@code null} when the server does not track statements. */
	private final @Nullable DatabaseStatements statements;

	/** The warm-up's extension until the JIT settles; {@code null} for the fixed warm-up alone. */
	private final @Nullable JitSettling settling;

	/** The open-loop rate, requests started per second; NaN until the mixed workload was measured. */
	private double pacedRate = Double.NaN;

	InterleavedRun(ScenarioInstance.Context context, LoadGenerator load, @Nullable DatabaseStatements statements,
			@Nullable JitSettling settling) {
		this.context = context;
		this.load = load;
		this.statements = statements;
		this.settling = settling;
	}

	void run(List<ScenarioRun> runs) throws Exception {
		List<ScenarioInstance> instances = new ArrayList<>();
		try {
			// one after the other: five JVMs starting at once on two cores take longer than in turn
			this.context.log().println("Starting one application per scenario:");
			for (ScenarioRun run : runs) {
				instances.add(ScenarioInstance.ready(ScenarioInstance.launch(run, this.context), this.context));
			}
			this.context.log().printf("Warm-up: %d s of the mixed workload each%n",
					this.context.profile().warmup().toSeconds());
			for (ScenarioInstance instance : instances) {
				this.load.run(instance.workloads().mixed(), this.context.profile().warmup());
				if (this.settling != null) {
					settle(instance, this.settling);
				}
			}
			deleteCreated(instances);
			measure(instances, Call.Endpoint.GET_PROJECT.key(), Workloads::get);
			measure(instances, Call.Endpoint.LIST_PROJECTS.key(), Workloads::list);
			measure(instances, ScenarioRun.MIXED, Workloads::mixed);
			Double share = this.context.profile().pacedShare();
			this.pacedRate = (share != null) ? baselineMixedRps(runs) * share : Double.NaN;
			if (this.pacedRate > 0) {
				this.context.log().printf("Open loop at %,.0f req/s (%.0f%% of the baseline's mixed throughput)%n",
						this.pacedRate, share * 100);
				double rate = this.pacedRate;
				measure(instances, ScenarioRun.MIXED_AT_RATE, Workloads::mixed,
						(calls, duration) -> this.load.runAtRate(calls, rate, duration));
			}
			deleteCreated(instances);
			measure(instances, Call.Endpoint.CREATE_PROJECT.key(), Workloads::create);
		}
		finally {
			Collections.reverse(instances);
			for (ScenarioInstance instance : instances) {
				instance.close();
			}
		}
	}

	/** Warms an application up further, round by round, until its JIT compiler threads settle. */
	private void settle(ScenarioInstance instance, JitSettling settling) throws InterruptedException {
		JitSettling.Outcome outcome = settling.settle(() -> metered(instance, this.load::run,
				instance.workloads().mixed(), settling.round()).jitShareOfAppCpu());
		instance.run().warmedUp(outcome);
		this.context.log().printf("  %-11s warmed up %.0f s more: JIT %s of its CPU in the last %d s%s%n",
				instance.run().scenario().key(), outcome.seconds(),
				Double.isNaN(outcome.lastShare()) ? "unknown" : String.format("%.1f%%", outcome.lastShare() * 100),
				settling.round().toSeconds(), outcome.settled() ? "" : ", not settled");
	}

	/**
	 * Runs one slice of load on a scenario, with the CPU its application and database backends used meanwhile, and
	 * what the whole machine did.
	 */
	private static PhaseResult metered(ScenarioInstance instance, Slice load, List<Call> calls, Duration duration)
			throws InterruptedException {
		CpuMeter.Sample before = instance.cpu().sample();
		MachineCpu.Sample machineBefore = MachineCpu.sample();
		PhaseResult result = load.run(calls, duration);
		MachineCpu.Sample machineAfter = MachineCpu.sample();
		CpuMeter.Sample after = instance.cpu().sample();
		result.addCpu(after.appSince(before), after.databaseSince(before));
		result.addJitCpu(after.jitSince(before));
		result.addMachine((machineBefore != null && machineAfter != null) ? machineAfter.since(machineBefore) : null);
		return result;
	}

	/** Requests started per second in the open-loop workload, or NaN if it did not run. */
	double pacedRate() {
		return this.pacedRate;
	}

	private static double baselineMixedRps(List<ScenarioRun> runs) {
		for (ScenarioRun run : runs) {
			if (run.scenario() == Scenario.BASELINE) {
				return run.workloads().get(ScenarioRun.MIXED).rps();
			}
		}
		return Double.NaN;
	}

	private void measure(List<ScenarioInstance> instances, String workload, Function<Workloads, List<Call>> calls)
			throws InterruptedException {
		measure(instances, workload, calls, this.load::run);
	}

	private void measure(List<ScenarioInstance> instances, String workload, Function<Workloads, List<Call>> calls,
			Slice load) throws InterruptedException {
		RunProfile profile = this.context.profile();
		if (this.statements != null) {
			this.statements.reset();
		}
		for (int slice = 0; slice < profile.slices(); slice++) {
			for (int turn = 0; turn < instances.size(); turn++) {
				ScenarioInstance instance = instances.get((slice + turn) % instances.size());
				PhaseResult result = metered(instance, load, calls.apply(instance.workloads()), profile.slice());
				instance.run().record(workload, result);
			}
		}
		for (ScenarioInstance instance : instances) {
			if (this.statements != null) {
				instance.run().recordStatements(workload, this.statements.read(instance.databaseNames()));
			}
			PhaseResult result = instance.run().workloads().get(workload);
			PhaseResult.Stats stats = result.stats();
			this.context.log().printf("  %-11s %-15s %,9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU/req app %5.3f ms "
					+ "(JIT %s), db %s  errors %d%n", instance.run().scenario().key(), workload, stats.rps(),
					stats.p50Ms(), stats.p99Ms(), result.appCpuMsPerRequest(),
					Double.isNaN(result.jitShareOfAppCpu()) ? "n/a"
							: String.format("%.1f%%", result.jitShareOfAppCpu() * 100),
					(result.databaseCpuMsPerRequest() < 0) ? "n/a" : String.format("%5.3f ms", result.databaseCpuMsPerRequest()),
					result.errorCount());
		}
	}

	private static void deleteCreated(List<ScenarioInstance> instances) throws java.sql.SQLException {
		for (ScenarioInstance instance : instances) {
			instance.deleteCreated();
		}
	}

}
