package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/** A clock for buckets that moves only when a test moves it. */
final class ManualClock implements TimeMeter {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Override
	public long currentTimeNanos() {
		return this.nanos.get();
	}

	@Override
	public boolean isWallClockBased() {
		return false;
	}

}
