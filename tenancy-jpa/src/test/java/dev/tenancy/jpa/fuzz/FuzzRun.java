package dev.tenancy.jpa.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.tenancy.core.Placement;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.context.TenantExecutors;

/**
 * One fuzz run of one variant: plants the starting rows, checks the set-up, runs the planned operations on the
 * workers with a full privileged reconciliation every {@link FuzzSettings#checkEvery()} operations per worker
 * (while the workers wait) and at the end, and prints the summary.
 */
final class FuzzRun {

	private final FuzzVariant variant;

	private final FuzzSettings settings;

	private final FuzzTopology topology;

	private final FuzzApplication app;

	FuzzRun(FuzzVariant variant, FuzzSettings settings, FuzzTopology topology, FuzzApplication app) {
		this.variant = variant;
		this.settings = settings;
		this.topology = topology;
		this.app = app;
	}

	FuzzResult run() throws InterruptedException {
		long started = System.nanoTime();
		SuperuserView view = new SuperuserView(this.topology);
		IsolationChecker checker = new IsolationChecker(this.settings.seed());
		Map<String, TenantModel> models = FuzzSeed.plant(this.topology, view, this.settings.seed());
		StateVerifier verifier = new StateVerifier(this.topology, view, models, checker);
		verifier.reconcile(true);
		FuzzContext context = new FuzzContext(this.app, this.topology, this.variant, models, checker, verifier, view);
		new FuzzPreconditions(context).check();
		OperationPlan plan = OperationPlan.draw(this.settings, this.variant,
				this.topology.tenants().stream().map(FuzzTenant::id).toList());
		ExecutorService propagating = TenantExecutors
			.propagating(Executors.newFixedThreadPool(2, named("fuzz-propagating")));
		List<ExecutorService> interruptible = new ArrayList<>();
		plan.workers().forEach((operations) -> interruptible
			.add(TenantExecutors.propagating(Executors.newSingleThreadExecutor(named("fuzz-interruptible")))));
		try {
			OperationRunner runner = new OperationRunner(context, propagating, interruptible);
			runWorkers(plan, runner, checker, verifier);
			verifier.reconcile(false);
		}
		finally {
			propagating.shutdownNow();
			interruptible.forEach(ExecutorService::shutdownNow);
		}
		int boards = models.values().stream().mapToInt((model) -> model.boards().size()).sum();
		int cards = models.values().stream().mapToInt((model) -> model.cards().size()).sum();
		String report = checker.report(Integer.getInteger("tenancy.fuzz.report-limit", this.variant.isControl() ? 5 : 20));
		FuzzResult result = new FuzzResult(plan.size(), checker.leaks(), checker.failures(), checker.leaksByPath(),
				checker.operationsByPath(), report, Duration.ofNanos(System.nanoTime() - started),
				plan.workers().size(), plan.kinds().size(), boards, cards);
		print(result, checker);
		return result;
	}

	private void runWorkers(OperationPlan plan, OperationRunner runner, IsolationChecker checker, StateVerifier verifier)
			throws InterruptedException {
		Phaser barrier = new Phaser(plan.workers().size()) {

			@Override
			protected boolean onAdvance(int phase, int registeredParties) {
				if (registeredParties > 0) {
					try {
						verifier.reconcile(false);
					}
					catch (RuntimeException ex) {
						checker.failure(null, "reconciliation failed: " + FuzzContext.describe(ex));
					}
				}
				return registeredParties == 0;
			}

		};
		List<Thread> workers = new ArrayList<>();
		for (List<Operation> operations : plan.workers()) {
			Thread worker = new Thread(() -> {
				try {
					for (int i = 0; i < operations.size(); i++) {
						runOne(operations.get(i), runner, checker);
						if ((i + 1) % this.settings.checkEvery() == 0) {
							barrier.arriveAndAwaitAdvance();
						}
					}
				}
				finally {
					barrier.arriveAndDeregister();
				}
			}, "fuzz-worker-" + workers.size());
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join(TimeUnit.MINUTES.toMillis(30));
			if (worker.isAlive()) {
				checker.failure(null, worker.getName() + " did not finish within 30 minutes");
				worker.interrupt();
			}
		}
	}

	private static void runOne(Operation op, OperationRunner runner, IsolationChecker checker) {
		long started = System.nanoTime();
		try {
			runner.run(op);
		}
		catch (Throwable ex) {
			checker.failure(op, "unexpected " + FuzzContext.describe(ex));
		}
		checker.ran(op, System.nanoTime() - started);
		TenantId left = TenantContext.current().orElse(null);
		if (left != null) {
			checker.failure(op, "tenant " + left + " still bound on the worker after the operation");
			TenantContext.bind(null);
		}
		if (Thread.interrupted()) {
			checker.failure(op, "the worker thread was left interrupted");
		}
	}

	private void print(FuzzResult result, IsolationChecker checker) {
		String paths = result.operationsByPath()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(" "));
		System.out.println("isolation-fuzz-variant: name=" + this.variant.name() + " rls=" + this.variant.rls()
				+ " hibernate=" + this.variant.hibernate() + " generic-plans=" + this.variant.genericPlans()
				+ " pool-of-one=" + this.variant.poolOfOne() + " tenants=" + this.topology.tenants().size() + " (SHARED="
				+ this.topology.count(Placement.SHARED) + " SCHEMA=" + this.topology.count(Placement.SCHEMA)
				+ " DATABASE=" + this.topology.count(Placement.DATABASE) + ", on the second server: "
				+ this.topology.countOn(FuzzServer.SECOND) + ") paths=" + result.operationsByPath().size() + " kinds="
				+ result.kinds() + " workers=" + result.workers() + " rows-read=" + checker.rowsRead() + " rows-at-end="
				+ result.boards() + "+" + result.cards()
				+ " failures=" + result.failures() + " time="
				+ String.format(java.util.Locale.ROOT, "%.1fs", result.time().toMillis() / 1000.0));
		System.out.println("isolation-fuzz-paths: " + paths);
		if (!result.leaksByPath().isEmpty()) {
			System.out.println("isolation-fuzz-leaks-by-path: " + result.leaksByPath());
		}
		System.out.println(this.variant.summaryPrefix() + ": operations=" + result.operations() + " leaks="
				+ result.leaks() + " seed=" + this.settings.seed());
		if (Boolean.getBoolean("tenancy.fuzz.timings")) {
			System.out.println("isolation-fuzz-timings (ms per operation): " + checker.timings());
		}
		if (!result.report().isEmpty()) {
			System.out.println(result.report());
		}
	}

	private static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * What a run found.
	 * @param operations operations run
	 * @param leaks leaks found
	 * @param failures other failures found
	 * @param leaksByPath leaks per access path
	 * @param operationsByPath operations per access path
	 * @param report the first findings
	 * @param time how long the run took
	 * @param workers worker threads
	 * @param kinds operation kinds in the plan
	 * @param boards boards the tenants owned at the end
	 * @param cards cards the tenants owned at the end
	 */
	record FuzzResult(int operations, int leaks, int failures, Map<String, Integer> leaksByPath,
			Map<OperationKind.Path, Integer> operationsByPath, String report, Duration time, int workers, int kinds,
			int boards, int cards) {

		FuzzResult {
			Objects.requireNonNull(report);
		}

	}

}
