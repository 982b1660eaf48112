package dev.tenancy.core.ratelimit;

import java.time.Duration;

/**
 * How many requests a tenant may send: {@code capacity} per {@code period}, refilled continuously, and at most
 * {@code burstCapacity} at once after a quiet spell.
 * <p>
 * A limit of 100 per second with a burst capacity of 100 admits 100 requests at once, then one every 10 ms;
 * with a burst capacity of 500, a tenant that was quiet for five seconds may send 500 at once. Each request takes
 * one token from a bucket that holds {@code burstCapacity} tokens and gains {@code capacity} tokens per
 * {@code period}, spread evenly (greedy refill).
 *
 * @param capacity the requests admitted per period, at least 1
 * @param period the period, positive and long enough that the bucket gains at most one token per nanosecond
 * @param burstCapacity the most requests admitted at once, at least 1; usually {@code capacity}
 */
public record TenantRateLimit(long capacity, Duration period, long burstCapacity) {

	public TenantRateLimit {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be at least 1, and is " + capacity);
		}
		if (period == null || period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("period must be positive, and is " + period);
		}
		if (burstCapacity <= 0) {
			throw new IllegalArgumentException("burst capacity must be at least 1, and is " + burstCapacity);
		}
		long periodNanos;
		try {
			periodNanos = period.toNanos();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("period must be at most " + Duration.ofNanos(Long.MAX_VALUE)
					+ ", and is " + period);
		}
		if (capacity > periodNanos) {
			// Bucket4j's limit: a bucket gains at most one token per nanosecond
			throw new IllegalArgumentException("capacity " + capacity + " per " + period
					+ " is more than one request per nanosecond; use a longer period");
		}
	}

	/**
	 * Returns a limit whose burst capacity is its capacity.
	 * @param capacity the requests admitted per period, at least 1
	 * @param period the period, positive
	 * @return the limit
	 */
	public static TenantRateLimit of(long capacity, Duration period) {
		return new TenantRateLimit(capacity, period, capacity);
	}

	/**
	 * Returns a copy of this limit with another burst capacity.
	 * @param burstCapacity the most requests admitted at once, at least 1
	 * @return the copy
	 */
	public TenantRateLimit withBurstCapacity(long burstCapacity) {
		return new TenantRateLimit(this.capacity, this.period, burstCapacity);
	}

	@Override
	public String toString() {
		return this.capacity + " per " + this.period
				+ ((this.burstCapacity != this.capacity) ? ", bursts of " + this.burstCapacity : "");
	}

}
