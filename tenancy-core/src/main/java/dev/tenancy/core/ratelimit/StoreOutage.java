package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store of the shared buckets is to be asked: always while it answers; after it failed, by one request
 * per retry interval, while the others use this instance's own buckets without waiting for it.
 * <p>
 * Logs a warning when the store fails after it answered, and a line when it answers again: never per request.
 * Thread-safe.
 */
final class StoreOutage {

	private static final Logger logger = LoggerFactory.getLogger(DistributedTenantRateLimiter.class);

	private final String store;

	private final long retryIntervalNanos;

	private final TimeMeter clock;

	private final AtomicBoolean failing = new AtomicBoolean();

	/** While failing, when the store may be asked again. */
	private final AtomicLong retryAt = new AtomicLong();

	StoreOutage(String store, Duration retryInterval, TimeMeter clock) {
		this.store = store;
		this.retryIntervalNanos = retryInterval.toNanos();
		this.clock = clock;
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

	void answered() {
		if (this.failing.get() && this.failing.compareAndSet(true, false)) {
			logger.info("The store of the shared rate-limit buckets ({}) answers again: tenants' limits are shared "
					+ "by all instances again", this.store);
		}
	}

	void failed(Throwable failure) {
		this.retryAt.set(this.clock.currentTimeNanos() + this.retryIntervalNanos);
		if (this.failing.compareAndSet(false, true)) {
			logger.warn("The store of the shared rate-limit buckets ({}) failed: {}. Until it answers again, each "
					+ "instance limits tenants with buckets of its own, so a tenant may send up to its limit to each "
					+ "instance; the store is asked again every {}", this.store, describe(failure),
					Duration.ofNanos(this.retryIntervalNanos), failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("The store of the shared rate-limit buckets ({}) still fails: {}", this.store,
					describe(failure), failure);
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
