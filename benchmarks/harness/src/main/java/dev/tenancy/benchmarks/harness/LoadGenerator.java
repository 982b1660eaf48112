package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: a fixed number of platform threads, each sending one request, waiting for the whole
 * response and sending the next, for a fixed time. Every response's latency, from just before sending to the last
 * byte read, is recorded in an HdrHistogram; percentiles come from those recordings, never from averages.
 * <p>
 * Each worker walks the prepared calls from its own offset, so the mix and the choice of tenants, tokens and ids
 * are fixed by the data set's seed and the same in every scenario. Closed-loop load measures service time under
 * that concurrency: when the server slows down, fewer requests are sent (as wrk does).
 * <p>
 * {@link #runAtRate} is the open-loop counterpart: requests start on a fixed schedule whatever the server does, and
 * each latency is counted from the moment the schedule meant the request to start, so a request that had to wait for
 * a free sender counts its wait too (no coordinated omission, as wrk2 measures).
 */
final class LoadGenerator {

	private final HttpClient client;

	private final int concurrency;

	LoadGenerator(HttpClient client, int concurrency) {
		this.client = client;
		this.concurrency = concurrency;
	}

	PhaseResult run(List<Call> calls, Duration duration) throws InterruptedException {
		Call[] prepared = calls.toArray(Call[]::new);
		PhaseResult result = new PhaseResult();
		CountDownLatch ready = new CountDownLatch(this.concurrency);
		CountDownLatch go = new CountDownLatch(1);
		AtomicLong startNanos = new AtomicLong();
		List<Worker> workers = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < this.concurrency; i++) {
			Worker worker = new Worker(prepared, (i * prepared.length) / this.concurrency, ready, go, startNanos,
					duration.toNanos());
			workers.add(worker);
			Thread thread = new Thread(worker, "load-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		startNanos.set(System.nanoTime());
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - startNanos.get();
		for (Worker worker : workers) {
			result.add(worker.histograms, worker.errors, 0);
		}
		result.add(Map.of(), Map.of(), elapsed);
		return result;
	}

	/**
	 * Sends the calls at a fixed rate for a fixed time, open loop: request {@code n} is due {@code n / perSecond}
	 * seconds after the start, sent then (or as soon as one of the senders is free) and timed from when it was due.
	 * Requests due within the duration are all waited for, so a server that falls behind shows it in the latencies
	 * rather than in fewer requests.
	 * @param calls the calls, walked in order from the first
	 * @param perSecond the rate at which requests are started
	 * @param duration how long requests are started
	 * @return the latencies and errors; the elapsed time is the scheduled duration
	 */
	PhaseResult runAtRate(List<Call> calls, double perSecond, Duration duration) throws InterruptedException {
		if (!(perSecond > 0)) {
			throw new IllegalArgumentException("the rate must be positive, not " + perSecond);
		}
		Call[] prepared = calls.toArray(Call[]::new);
		Map<Call.Endpoint, Histogram> histograms = new EnumMap<>(Call.Endpoint.class);
		for (Call.Endpoint endpoint : Call.Endpoint.values()) {
			histograms.put(endpoint, new ConcurrentHistogram(60_000_000L, 3));
		}
		Map<String, Long> errors = new ConcurrentHashMap<>();
		// four times the closed loop's concurrency: waiting for a sender is rare below saturation, and when all are
		// busy, the wait is measured
		int senders = this.concurrency * 4;
		ExecutorService executor = Executors.newFixedThreadPool(senders, (task) -> {
			Thread thread = new Thread(task, "paced-load");
			thread.setDaemon(true);
			return thread;
		});
		double periodNanos = 1e9 / perSecond;
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		try {
			for (long n = 0;; n++) {
				long due = start + (long) (n * periodNanos);
				if (due >= end) {
					break;
				}
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				Call call = prepared[(int) (n % prepared.length)];
				executor.execute(() -> {
					try {
						send(call, due, histograms, errors);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
		}
		finally {
			executor.shutdown();
		}
		if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
			executor.shutdownNow();
			errors.merge("requests still running two minutes after the schedule ended", 1L, Long::sum);
		}
		PhaseResult result = new PhaseResult();
		result.add(histograms, errors, end - start);
		return result;
	}

	/**
	 * Sends one call and records it: a response with the expected status as its latency since {@code fromNanos},
	 * any other status or an I/O failure as an error of its kind.
	 */
	private void send(Call call, long fromNanos, Map<Call.Endpoint, Histogram> histograms, Map<String, Long> errors)
			throws InterruptedException {
		try {
			HttpResponse<byte[]> response = this.client.send(call.request(), HttpResponse.BodyHandlers.ofByteArray());
			long micros = (System.nanoTime() - fromNanos) / 1_000;
			if (response.statusCode() == call.expectedStatus()) {
				histograms.get(call.endpoint()).recordValue(Math.min(micros, 60_000_000L));
			}
			else {
				errors.merge(call.endpoint().key() + " " + response.statusCode(), 1L, Long::sum);
			}
		}
		catch (IOException ex) {
			errors.merge(call.endpoint().key() + " " + ex.getClass().getSimpleName(), 1L, Long::sum);
		}
	}

	private final class Worker implements Runnable {

		private final Call[] calls;

		private final int offset;

		private final CountDownLatch ready;

		private final CountDownLatch go;

		private final AtomicLong startNanos;

		private final long durationNanos;

		final Map<Call.Endpoint, Histogram> histograms = new EnumMap<>(Call.Endpoint.class);

		final Map<String, Long> errors = new HashMap<>();

		Worker(Call[] calls, int offset, CountDownLatch ready, CountDownLatch go, AtomicLong startNanos,
				long durationNanos) {
			this.calls = calls;
			this.offset = offset;
			this.ready = ready;
			this.go = go;
			this.startNanos = startNanos;
			this.durationNanos = durationNanos;
		}

		@Override
		public void run() {
			for (Call.Endpoint endpoint : Call.Endpoint.values()) {
				this.histograms.put(endpoint, PhaseResult.newHistogram());
			}
			this.ready.countDown();
			try {
				this.go.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			long deadline = this.startNanos.get() + this.durationNanos;
			int index = this.offset;
			while (System.nanoTime() < deadline) {
				Call call = this.calls[index];
				index = (index + 1 == this.calls.length) ? 0 : index + 1;
				try {
					send(call, System.nanoTime(), this.histograms, this.errors);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

}
