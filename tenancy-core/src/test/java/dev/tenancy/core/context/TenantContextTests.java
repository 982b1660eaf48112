package dev.tenancy.core.context;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

class TenantContextTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	@AfterEach
	void nothingLeftBound() {
		assertThat(TenantContext.current()).isEmpty();
		assertThat(TenantContext.isReadOnly()).isFalse();
		assertThat(MDC.get(TenantContext.MDC_KEY)).isNull();
	}

	@Test
	void requireOutsideAScopeThrowsAClearException() {
		assertThatExceptionOfType(MissingTenantException.class).isThrownBy(TenantContext::require)
			.withMessageContaining("TenantContext.where");
	}

	@Test
	void scopeBindsTheTenantAndItsMdcEntry() throws Exception {
		String seen = TenantContext.where(ACME).call(() -> TenantContext.require() + "/" + MDC.get("tenantId"));
		assertThat(seen).isEqualTo("acme/acme");
	}

	@Test
	void nestedScopeRestoresTheOuterTenant() {
		TenantContext.where(ACME).run(() -> {
			TenantContext.where(GLOBEX).run(() -> assertThat(TenantContext.require()).isEqualTo(GLOBEX));
			assertThat(TenantContext.require()).isEqualTo(ACME);
			assertThat(MDC.get(TenantContext.MDC_KEY)).isEqualTo("acme");
		});
	}

	@Test
	void scopeRestoresAfterAnException() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> TenantContext.where(ACME).run(() -> {
			throw new IllegalStateException("boom");
		}));
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void pooledThreadKeepsNothingAfterAFailingTask() throws Exception {
		ExecutorService single = Executors.newSingleThreadExecutor();
		try {
			single.submit(() -> TenantContext.where(ACME).run(() -> {
				throw new IllegalStateException("boom");
			}));
			assertThat(single.submit(() -> TenantContext.current().isPresent()).get(5, TimeUnit.SECONDS)).isFalse();
		}
		finally {
			single.shutdownNow();
		}
	}

	@Test
	void bootStyleExecutorWithContextPropagatingDecoratorCarriesTheTenant() throws Exception {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
		executor.initialize();
		try {
			String seen = TenantContext.where(ACME)
				.call(() -> executor.submit(() -> TenantContext.require().value()).get(5, TimeUnit.SECONDS));
			assertThat(seen).isEqualTo("acme");
			// the same pooled thread, next task, no tenant submitted
			assertThat(executor.submit(() -> TenantContext.current().isPresent()).get(5, TimeUnit.SECONDS)).isFalse();
			String seenInFuture = TenantContext.where(GLOBEX)
				.call(() -> CompletableFuture.supplyAsync(() -> TenantContext.require().value(), executor)
					.get(5, TimeUnit.SECONDS));
			assertThat(seenInFuture).isEqualTo("globex");
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void wrappedExecutorServiceCarriesTheTenantAndRestoresTheWorker() throws Exception {
		ExecutorService executor = TenantExecutors.propagating(Executors.newSingleThreadExecutor());
		try {
			String seen = TenantContext.where(ACME)
				.call(() -> executor.submit(() -> TenantContext.require().value()).get(5, TimeUnit.SECONDS));
			assertThat(seen).isEqualTo("acme");
			assertThat(executor.submit(() -> TenantContext.current().isPresent()).get(5, TimeUnit.SECONDS)).isFalse();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void virtualThreadExecutorCarriesTheTenant() throws Exception {
		assumeThat(Runtime.version().feature()).as("virtual threads need Java 21+").isGreaterThanOrEqualTo(21);
		Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		ExecutorService executor = TenantExecutors.propagating((ExecutorService) factory.invoke(null));
		try {
			String seen = TenantContext.where(GLOBEX)
				.call(() -> executor.submit(() -> TenantContext.require().value()).get(5, TimeUnit.SECONDS));
			assertThat(seen).isEqualTo("globex");
			assertThat(executor.submit(() -> TenantContext.current().isPresent()).get(5, TimeUnit.SECONDS)).isFalse();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void readOnlyScopeBindsTheTenantForReadingOnly() {
		assertThat(TenantContext.where(ACME).readOnly().get(TenantContext::access))
			.contains(new TenantAccess(ACME, true));
		assertThat(TenantContext.where(ACME).get(TenantContext::access)).contains(new TenantAccess(ACME, false));
		assertThat(TenantContext.where(ACME).get(TenantContext::isReadOnly)).isFalse();
	}

	@Test
	void aTenantBoundWithinReadOnlyWorkIsReadOnlyWhicheverTenantItIs() {
		TenantContext.where(ACME).readOnly().run(() -> {
			assertThat(TenantContext.where(ACME).get(TenantContext::isReadOnly)).as("the same tenant again").isTrue();
			assertThat(TenantContext.where(GLOBEX).get(TenantContext::isReadOnly)).as("another tenant").isTrue();
			try (TenantContext.Binding binding = TenantContext.bind(ACME, false)) {
				assertThat(TenantContext.isReadOnly()).as("a framework binding asking for read-write").isTrue();
			}
			assertThat(TenantContext.isReadOnly()).isTrue();
		});
	}

	@Test
	void readOnlyEndsWithItsScope() {
		TenantContext.where(ACME).run(() -> {
			TenantContext.where(ACME).readOnly().run(() -> assertThat(TenantContext.isReadOnly()).isTrue());
			assertThat(TenantContext.access()).contains(new TenantAccess(ACME, false));
		});
	}

	@Test
	void readOnlyOutlastsBindingNoTenantInBetween() throws Exception {
		ExecutorService wrapped = TenantExecutors.propagating(Executors.newSingleThreadExecutor());
		try {
			TenantContext.where(ACME).readOnly().call(() -> {
				try (TenantContext.Binding none = TenantContext.bind(null)) {
					assertThat(TenantContext.access()).isEmpty();
					assertThat(TenantContext.current()).isEmpty();
					assertThat(TenantContext.isReadOnly()).isTrue();
					assertThat(TenantContext.where(GLOBEX).get(TenantContext::access))
						.contains(new TenantAccess(GLOBEX, true));
					assertThat(wrapped.submit(() -> TenantContext.where(ACME).get(TenantContext::isReadOnly))
						.get(5, TimeUnit.SECONDS)).as("on another thread").isTrue();
				}
				assertThat(TenantContext.access()).contains(new TenantAccess(ACME, true));
				return null;
			});
		}
		finally {
			wrapped.shutdownNow();
		}
	}

	@Test
	void clearingEndsReadOnlyToo() {
		TenantContext.where(ACME).readOnly().run(() -> {
			TenantContext.clear();
			assertThat(TenantContext.isReadOnly()).isFalse();
			assertThat(TenantContext.where(ACME).get(TenantContext::isReadOnly)).isFalse();
		});
	}

	@Test
	void aTenantPutUnderThePropagationKeyByHandIsRestored() {
		TenantThreadLocalAccessor accessor = new TenantThreadLocalAccessor();
		accessor.setValue(GLOBEX);
		assertThat(TenantContext.access()).contains(new TenantAccess(GLOBEX, false));
		accessor.setValue(new TenantAccess(ACME, true));
		assertThat(TenantContext.access()).contains(new TenantAccess(ACME, true));
		accessor.setValue();
		TenantContext.where(ACME).readOnly().run(() -> {
			Object captured = accessor.getValue();
			accessor.setValue(GLOBEX);
			assertThat(TenantContext.access()).as("a tenant put by hand within read-only work")
				.contains(new TenantAccess(GLOBEX, true));
			accessor.setValue(new TenantAccess(ACME, false));
			assertThat(TenantContext.isReadOnly()).isTrue();
			accessor.restore(captured);
		});
		assertThatIllegalArgumentException().isThrownBy(() -> accessor.setValue("acme"))
			.withMessageContaining("put a TenantAccess or a TenantId there");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void readOnlyTravelsWithTheTenantToAnotherThread() throws Exception {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
		executor.initialize();
		ExecutorService wrapped = TenantExecutors.propagating(Executors.newSingleThreadExecutor());
		try {
			assertThat(TenantContext.where(ACME).readOnly()
				.call(() -> executor.submit(TenantContext::access).get(5, TimeUnit.SECONDS)))
				.contains(new TenantAccess(ACME, true));
			assertThat(TenantContext.where(ACME).readOnly()
				.call(() -> wrapped.submit(TenantContext::access).get(5, TimeUnit.SECONDS)))
				.contains(new TenantAccess(ACME, true));
			assertThat(TenantContext.where(ACME).call(() -> wrapped.submit(TenantContext::access)
				.get(5, TimeUnit.SECONDS))).as("the worker keeps nothing of the read-only task")
				.contains(new TenantAccess(ACME, false));
		}
		finally {
			executor.shutdown();
			wrapped.shutdownNow();
		}
	}

}
