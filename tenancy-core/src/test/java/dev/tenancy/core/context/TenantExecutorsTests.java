package dev.tenancy.core.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks of wrapped executors run with the submitter's tenant, and with none when the submitter had none, even on
 * a worker that still has a tenant bound (leaked by code that bound one and never closed its binding).
 */
class TenantExecutorsTests {

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	@AfterEach
	void shutDown() throws Exception {
		this.worker.submit(() -> TenantContext.set(null)).get(5, TimeUnit.SECONDS);
		this.worker.shutdownNow();
	}

	@Test
	void taskSubmittedWithNoTenantSeesNoneOnAWorkerLeftWithATenant() throws Exception {
		leaveTenantOnWorker("acme");
		ExecutorService propagating = TenantExecutors.propagating(this.worker);
		assertThat(TenantContext.current()).isEmpty();
		assertThat(propagating.submit(TenantExecutorsTests::seen).get(5, TimeUnit.SECONDS)).isEqualTo("none|null");
		assertThat(this.worker.submit(TenantExecutorsTests::seen).get(5, TimeUnit.SECONDS))
			.as("the worker's own binding is put back after the task")
			.isEqualTo("acme|acme");
	}

	@Test
	void taskOfAPlainExecutorSubmittedWithNoTenantSeesNoneOnAWorkerLeftWithATenant() throws Exception {
		leaveTenantOnWorker("acme");
		Executor propagating = TenantExecutors.propagating((Executor) this.worker);
		CompletableFuture<String> seen = new CompletableFuture<>();
		propagating.execute(() -> seen.complete(seen()));
		assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("none|null");
		assertThat(this.worker.submit(TenantExecutorsTests::seen).get(5, TimeUnit.SECONDS)).isEqualTo("acme|acme");
	}

	@Test
	void taskSubmittedWithATenantSeesItOnAWorkerLeftWithAnother() throws Exception {
		leaveTenantOnWorker("acme");
		ExecutorService propagating = TenantExecutors.propagating(this.worker);
		assertThat(TenantContext.where("globex").call(() -> propagating.submit(TenantExecutorsTests::seen)
			.get(5, TimeUnit.SECONDS))).isEqualTo("globex|globex");
		assertThat(this.worker.submit(TenantExecutorsTests::seen).get(5, TimeUnit.SECONDS)).isEqualTo("acme|acme");
	}

	private void leaveTenantOnWorker(String tenant) throws Exception {
		this.worker.submit(() -> TenantContext.bind(TenantId.of(tenant))).get(5, TimeUnit.SECONDS);
		assertThat(this.worker.submit(TenantExecutorsTests::seen).get(5, TimeUnit.SECONDS))
			.isEqualTo(tenant + "|" + tenant);
	}

	static String seen() {
		return TenantContext.current().map(TenantId::value).orElse("none") + "|" + MDC.get(TenantContext.MDC_KEY);
	}

}
