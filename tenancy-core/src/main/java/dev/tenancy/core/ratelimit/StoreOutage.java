package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store of the shared buckets is to be asked: always while it answers; after it failed
 * {@value #FAILURES_TO_TRIP} times in a row, by one request per retry interval, while the others use this instance's
 * own buckets without waiting for it. A single failure (a slow first request, a pause) falls back for that request
 * only. An answer to a request asked before the store was given up on does not end the outage.
 * <p>
 * Times are read from a monotonic clock. Logs a warning when the store is given up on, and a line when it answers
 * again: never per request. Thread-safe.
 */
final class StoreOutage {

	/** Failures in a row after which the store is given up on until a retry succeeds. */
	static final int FAILURES_TO_TRIP = 3;

	private static final Logger logger = LoggerFactory.getLogger(DistributedTenantRateLimiter.class);

	private final String store;

	private final long retryIntervalNanos;

	private final TimeMeter clock;

	private final AtomicInteger failuresInARow = new AtomicInteger();

	private final AtomicBoolean failing = new AtomicBoolean();

	/** When the store was last given up on. */
	private volatile long failingSince;

	/** While failing, when the store may be asked again. */
	private final AtomicLong retryAt = new AtomicLong();

	StoreOutage(String store, Duration retryInterval, TimeMeter clock) {
		this.store = store;
		this.retryIntervalNanos = retryInterval.toNanos();
		this.clock = clock;
	}

	/**
	 * Returns the time to pass to {@link #answered(long)} for a request asked now.
	 * @return the clock's reading
	 */
	long now() {
		return this.clock.currentTimeNanos();
	}

	/**
	 * Whether this request asks the store. While it is failing, the first request after each retry interval does,
	 * the others do not.
	 */
	boolean shouldAsk() {
		if (!this.failing.get()) {
			return true;
		}
		long at = this.retryAt.get();
		long now = this.clock.currentTimeNanos();
		return now - at >= 0 && this.retryAt.compareAndSet(at, now + this.retryIntervalNanos);
	}

	/**
	 * The store answered a request.
	 * @param askedAt when the request was asked ({@link #now()})
	 */
	void answered(long askedAt) {
		this.failuresInARow.set(0);
		if (this.failing.get() && askedAt - this.failingSince >= 0 && this.failing.compareAndSet(true, false)) {
			logger.info("The store of the shared rate-limit buckets ({}) answers again: tenants' limits are shared "
					+ "by all instances again", this.store);
		}
	}

	void failed(Throwable failure) {
		long now = this.clock.currentTimeNanos();
		this.retryAt.set(now + this.retryIntervalNanos);
		if (this.failing.get()) {
			logger.debug("The store of the shared rate-limit buckets ({}) still fails: {}", this.store,
					describe(failure), failure);
			return;
		}
		int failures = this.failuresInARow.incrementAndGet();
		if (failures < FAILURES_TO_TRIP) {
			logger.debug("The store of the shared rate-limit buckets ({}) failed a request ({} in a row), which this "
					+ "instance's own buckets limited: {}", this.store, failures, describe(failure), failure);
			return;
		}
		this.failingSince = now;
		if (this.failing.compareAndSet(false, true)) {
			logger.warn("The store of the shared rate-limit buckets ({}) failed {} requests in a row: {}. Until it "
					+ "answers again, each instance limits tenants with buckets of its own, so a tenant may send up to "
					+ "its limit to each instance; the store is asked again every {}", this.store, failures,
					describe(failure), Duration.ofNanos(this.retryIntervalNanos), failure);
		}
	}

	boolean isFailing() {
		return this.failing.get();
	}

	private static String describe(Throwable failure) {
		return (failure.getMessage() != null) ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
				: failure.getClass().getSimpleName();
	}

}
