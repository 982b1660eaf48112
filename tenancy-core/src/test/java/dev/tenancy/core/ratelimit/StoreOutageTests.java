package dev.tenancy.core.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StoreOutageTests {

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

	private final ManualClock clock = new ManualClock();

	private final StoreOutage outage = new StoreOutage("redis", RETRY_INTERVAL, this.clock);

	@Test
	void everyRequestAsksAStoreThatAnswers() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.outage.shouldAsk()).isTrue();
			this.outage.answered(this.outage.now());
		}
		assertThat(this.outage.isFailing()).isFalse();
	}

	@Test
	void failuresShortOfTheThresholdFallBackForTheirOwnRequestsOnly(CapturedOutput output) {
		for (int round = 0; round < 3; round++) {
			for (int i = 1; i < StoreOutage.FAILURES_TO_TRIP; i++) {
				this.outage.failed(new IllegalStateException("slow first request"));
				assertThat(this.outage.isFailing()).isFalse();
				assertThat(this.outage.shouldAsk()).isTrue();
			}
			this.outage.answered(this.outage.now());
		}
		assertThat(output.getAll()).doesNotContain("WARN");
	}

	@Test
	void afterFailuresInARowOneRequestPerRetryIntervalAsks() {
		trip();
		assertThat(this.outage.isFailing()).isTrue();
		assertThat(this.outage.shouldAsk()).isFalse();
		this.clock.advance(RETRY_INTERVAL.minusNanos(1));
		assertThat(this.outage.shouldAsk()).isFalse();
		this.clock.advance(Duration.ofNanos(1));
		assertThat(this.outage.shouldAsk()).as("the first request after the interval").isTrue();
		assertThat(this.outage.shouldAsk()).as("and only the first").isFalse();

		this.outage.failed(new IllegalStateException("connection refused"));
		assertThat(this.outage.isFailing()).as("one failed retry is enough while failing").isTrue();
		this.clock.advance(RETRY_INTERVAL);
		assertThat(this.outage.shouldAsk()).isTrue();
		this.outage.answered(this.outage.now());
		assertThat(this.outage.isFailing()).isFalse();
		assertThat(this.outage.shouldAsk()).isTrue();
		assertThat(this.outage.shouldAsk()).isTrue();
	}

	@Test
	void anAnswerToARequestAskedBeforeTheStoreWasGivenUpOnDoesNotEndTheOutage() {
		long askedBefore = this.outage.now();
		this.clock.advance(Duration.ofMillis(1));
		trip();

		this.outage.answered(askedBefore);

		assertThat(this.outage.isFailing()).isTrue();
		this.outage.answered(this.outage.now());
		assertThat(this.outage.isFailing()).isFalse();
	}

	@Test
	void warnsOncePerOutageAndSaysWhenTheStoreAnswersAgain(CapturedOutput output) {
		trip();
		for (int i = 0; i < 5; i++) {
			this.outage.failed(new IllegalStateException("connection refused"));
		}
		assertThat(output.getAll()).containsOnlyOnce("WARN")
			.contains("The store of the shared rate-limit buckets (redis) failed 3 requests in a row: "
					+ "IllegalStateException: connection refused. Until it answers again, each instance limits tenants "
					+ "with buckets of its own")
			.contains("the store is asked again every PT5S");
		this.outage.answered(this.outage.now());
		this.outage.answered(this.outage.now());
		assertThat(output.getAll())
			.containsOnlyOnce("answers again: tenants' limits are shared by all instances again");

		this.outage.failed(new IllegalStateException("timeout"));
		this.outage.failed(new IllegalStateException("timeout"));
		this.outage.failed(new IllegalStateException("timeout"));
		assertThat(output.getAll()).as("a new outage").contains("in a row: IllegalStateException: timeout");
	}

	private void trip() {
		for (int i = 0; i < StoreOutage.FAILURES_TO_TRIP; i++) {
			this.outage.failed(new IllegalStateException("connection refused"));
		}
	}

}
