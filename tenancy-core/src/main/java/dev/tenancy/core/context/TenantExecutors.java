package dev.tenancy.core.context;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Wraps executors the application creates itself (plain {@code ExecutorService}s, virtual-thread executors)
 * so that tasks run with the tenant of the thread that submitted them.
 * <p>
 * A task submitted with no tenant runs with none, even on a worker that still has one bound; what the worker
 * had is put back when the task ends. Executors built by Spring Boot need no wrapping: the auto-configured
 * {@code TaskDecorator} does the same.
 */
public final class TenantExecutors {

	/**
	 * Clears, around each task, every value the submitter did not have: without it a task submitted with no
	 * tenant would run as whatever tenant a worker was left with.
	 */
	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder()
		.clearMissing(true)
		.build();

	private TenantExecutors() {
	}

	/**
	 * Returns an executor service that propagates the submitter's context to each task.
	 * @param delegate the executor service to wrap
	 * @return the wrapping executor service; shutting it down shuts down the delegate
	 */
	public static ExecutorService propagating(ExecutorService delegate) {
		return ContextExecutorService.wrap(delegate, SNAPSHOTS::captureAll);
	}

	/**
	 * Returns an executor that propagates the submitter's context to each task.
	 * @param delegate the executor to wrap
	 * @return the wrapping executor
	 */
	public static Executor propagating(Executor delegate) {
		return (task) -> {
			ContextSnapshot snapshot = SNAPSHOTS.captureAll();
			delegate.execute(snapshot.wrap(task));
		};
	}

}
