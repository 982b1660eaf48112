package dev.tenancy.jpa.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Keeps running units of work for several tenants on threads of their own until closed, and records every
 * outcome with the phase of the test it started in.
 */
public final class TenantLoad implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TenantLoad.class);

	/** What a fault test asserts on: how each unit of work ended. */
	public record Outcome(String tenant, String phase, int sequence, long startedNanos, long endedNanos, Throwable failure) {

		public boolean succeeded() {
			return this.failure == null;
		}

		public long durationMillis() {
			return TimeUnit.NANOSECONDS.toMillis(this.endedNanos - this.startedNanos);
		}

		/** Whether it ended before an instant of {@link System#nanoTime()}. */
		public boolean endedBefore(long nanos) {
			return this.endedNanos - nanos < 0;
		}

	}

	/** One unit of work of a tenant; throws if it fails. */
	@FunctionalInterface
	public interface Work {

		void run(String tenant, String label) throws Exception;

	}

	private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

	private final ExecutorService executor;

	private final AtomicInteger sequence = new AtomicInteger();

	private volatile String phase;

	private volatile boolean running = true;

	public TenantLoad(List<String> tenants, int threadsPerTenant, String firstPhase, Work work) {
		this.phase = firstPhase;
		this.executor = Executors.newFixedThreadPool(tenants.size() * threadsPerTenant);
		for (String tenant : tenants) {
			for (int thread = 0; thread < threadsPerTenant; thread++) {
				this.executor.submit(() -> {
					while (this.running) {
						int number = this.sequence.incrementAndGet();
						String startedIn = this.phase;
						long started = System.nanoTime();
						Throwable failure = null;
						try {
							work.run(tenant, tenant + "-" + startedIn + "-" + number);
						}
						catch (Throwable ex) {
							failure = ex;
						}
						this.outcomes.add(new Outcome(tenant, startedIn, number, started, System.nanoTime(), failure));
					}
				});
			}
		}
	}

	/**
	 * Starts a new phase: work started from now on is recorded under it.
	 */
	public void phase(String phase) {
		logger.info("Load phase {}", phase);
		this.phase = phase;
	}

	/**
	 * Waits until the outcomes match, failing the test if they do not within the time given, which only guards
	 * against a hang.
	 */
	public void awaitOutcomes(String what, Duration atMost, Predicate<List<Outcome>> condition) {
		await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> condition.test(outcomes()));
	}

	public void awaitSuccesses(String tenant, String phase, int count, Duration atMost) {
		awaitOutcomes(count + " successes of " + tenant + " in phase " + phase, atMost,
				(all) -> all.stream()
					.filter((outcome) -> outcome.tenant().equals(tenant) && outcome.phase().equals(phase)
							&& outcome.succeeded())
					.count() >= count);
	}

	public List<Outcome> outcomes() {
		synchronized (this.outcomes) {
			return new ArrayList<>(this.outcomes);
		}
	}

	public List<Outcome> outcomes(String tenant, String phase) {
		return outcomes().stream()
			.filter((outcome) -> outcome.tenant().equals(tenant) && outcome.phase().equals(phase))
			.toList();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.executor.shutdown();
		if (!this.executor.awaitTermination(60, TimeUnit.SECONDS)) {
			this.executor.shutdownNow();
		}
	}

}
