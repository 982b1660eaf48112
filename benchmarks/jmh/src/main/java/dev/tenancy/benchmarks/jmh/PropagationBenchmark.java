package dev.tenancy.benchmarks.jmh;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.context.TenantExecutors;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carrying the tenant to a task: what one hop costs with Micrometer context-propagation, on the same thread (the
 * capture and restore alone) and across a real thread handoff, against the same handoff without propagation.
 * The submitting thread has a tenant bound throughout.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PropagationBenchmark {

	/** As the library builds it for {@code TenantExecutors} and Boot's executors. */
	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().clearMissing(true).build();

	private final ContextPropagatingTaskDecorator decorator = new ContextPropagatingTaskDecorator(this.snapshots);

	private final Executor inlinePropagating = TenantExecutors.propagating((Executor) Runnable::run);

	private final Callable<@Nullable TenantId> readTenant = () -> TenantContext.current().orElse(null);

	private volatile @Nullable TenantId seen;

	private final Runnable recordTenant = () -> this.seen = TenantContext.current().orElse(null);

	private final ExecutorService plain = Executors.newSingleThreadExecutor();

	private final ExecutorService propagating = TenantExecutors.propagating(Executors.newSingleThreadExecutor());

	private TenantContext.@Nullable Binding binding;

	@Setup(Level.Trial)
	public void bind() {
		this.binding = TenantContext.bind(TenantId.of("acme"));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.plain.shutdownNow();
		this.propagating.shutdownNow();
		if (this.binding != null) {
			this.binding.close();
		}
	}

	/** {@code ContextSnapshotFactory.captureAll()} then {@code setThreadLocals()} and its close, on one thread. */
	@Benchmark
	public @Nullable TenantId snapshotCaptureRestore() {
		ContextSnapshot snapshot = this.snapshots.captureAll();
		try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
			return TenantContext.current().orElse(null);
		}
	}

	/** {@code TenantExecutors.propagating(Executor)} running the task inline: capture, wrap, restore. */
	@Benchmark
	public @Nullable TenantId executorHopInline() {
		this.inlinePropagating.execute(this.recordTenant);
		return this.seen;
	}

	/** Spring's {@code ContextPropagatingTaskDecorator} (what Boot's executors get), run inline. */
	@Benchmark
	public @Nullable TenantId taskDecoratorInline() {
		this.decorator.decorate(this.recordTenant).run();
		return this.seen;
	}

	/** A task submitted to another thread and awaited, without propagation: the handoff alone (sees no tenant). */
	@Benchmark
	public @Nullable TenantId threadHopPlain() throws InterruptedException, ExecutionException {
		return this.plain.submit(this.readTenant).get();
	}

	/** The same handoff through {@code TenantExecutors.propagating(ExecutorService)} (sees the tenant). */
	@Benchmark
	public @Nullable TenantId threadHopPropagating() throws InterruptedException, ExecutionException {
		return this.propagating.submit(this.readTenant).get();
	}

}
