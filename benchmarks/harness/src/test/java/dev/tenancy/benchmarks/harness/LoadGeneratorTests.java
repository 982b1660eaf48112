package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The open-loop generator starts every request the schedule holds, however slowly the server answers, and counts
 * each latency from when its request was due, so a server that falls behind shows it in the latencies. The
 * assertions bound latencies from below only: a slower machine can make them longer, never shorter.
 */
class LoadGeneratorTests {

	/** Each request takes the server this long. */
	private static final long SERVICE_MILLIS = 50;

	private final AtomicInteger served = new AtomicInteger();

	private final ExecutorService handlers = Executors.newCachedThreadPool();

	private HttpServer server;

	private HttpClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			try {
				// the simulated work itself, not a wait for something: the assertions bound latencies from below
				Thread.sleep(SERVICE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.served.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.setExecutor(this.handlers);
		this.server.start();
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

	@Test
	void startsEveryRequestDueWithinTheDurationAndWaitsForThem() throws InterruptedException {
		PhaseResult result = new LoadGenerator(this.client, 4).runAtRate(calls(), 10, Duration.ofMillis(1_000));
		// due at 0, 100, ..., 900 ms
		assertThat(result.requests()).isEqualTo(10);
		assertThat(this.served).hasValue(10);
		assertThat(result.errorCount()).isZero();
		assertThat(result.seconds()).isEqualTo(1.0);
	}

	@Test
	void countsTheWaitForAFreeSenderInTheLatencies() throws InterruptedException {
		// concurrency 1: 4 senders, each busy 50 ms a request, so at most 80 requests/s go out. 100 requests due
		// within 0.5 s take at least 1.25 s to send: the last, due at 0.495 s, answers at least 0.75 s after it was
		// due, though the server itself answers each in 50 ms
		PhaseResult result = new LoadGenerator(this.client, 1).runAtRate(calls(), 200, Duration.ofMillis(500));
		assertThat(result.requests()).isEqualTo(100);
		assertThat(result.stats().maxMs()).isGreaterThanOrEqualTo(1_250 - 495);
		assertThat(result.stats().p50Ms()).isGreaterThanOrEqualTo(SERVICE_MILLIS);
	}

	@Test
	void refusesARateThatIsNotPositive() {
		LoadGenerator generator = new LoadGenerator(this.client, 4);
		assertThatIllegalArgumentException().isThrownBy(() -> generator.runAtRate(calls(), 0, Duration.ofSeconds(1)));
	}

	private List<Call> calls() {
		URI uri = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/projects/x");
		return List.of(new Call(Call.Endpoint.GET_PROJECT, HttpRequest.newBuilder(uri).GET().build(), 200));
	}

}
