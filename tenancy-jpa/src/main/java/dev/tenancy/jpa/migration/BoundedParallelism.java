package dev.tenancy.jpa.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs work for many items on at most a given number of threads, created for the call and stopped after it,
 * so that no thread outlives a migration run.
 */
final class BoundedParallelism {

	private BoundedParallelism() {
	}

	/**
	 * Applies the work to every item, at most {@code parallelism} at once.
	 * @param items the items
	 * @param parallelism the maximum number of items handled at once
	 * @param work the work, which must not throw
	 * @return the results, in the order of the items
	 */
	static <T, R> List<R> map(List<T> items, int parallelism, Function<T, R> work) {
		if (items.isEmpty()) {
			return List.of();
		}
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), threadFactory());
		try {
			List<Future<R>> futures = new ArrayList<>();
			for (T item : items) {
				futures.add(executor.submit(() -> work.apply(item)));
			}
			List<R> results = new ArrayList<>();
			for (Future<R> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while migrating tenants", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Tenant migration failed unexpectedly", ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ThreadFactory threadFactory() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "tenancy-migration-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
