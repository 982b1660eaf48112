package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/** A clock for buckets that moves only when a test moves it. */
final class ManualClock implements TimeMeter {

	private final AtomicLong nanos;

	private final boolean wallClockBased;

	ManualClock() {
		this.nanos = new AtomicLong(1_000_000_000L);
		this.wallClockBased = false;
	}

	private ManualClock(long nanos) {
		this.nanos = new AtomicLong(nanos);
		this.wallClockBased = true;
	}

	/**
	 * Returns a clock that starts at the current time since the epoch, as Bucket4j's distributed buckets need one.
	 */
	static ManualClock startingNow() {
		return new ManualClock(System.currentTimeMillis() * 1_000_000L);
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Override
	public long currentTimeNanos() {
		return this.nanos.get();
	}

	@Override
	public boolean isWallClockBased() {
		return this.wallClockBased;
	}

}
