package dev.tenancy.core.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Async} methods on Boot's auto-configured executor, platform and virtual threads, see the caller's
 * tenant and leave nothing behind on the worker.
 */
class AsyncPropagationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(AsyncConfiguration.class)
		.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1");

	@Test
	void asyncMethodOnBootsExecutorSeesTheCallersTenant() {
		this.runner.run((context) -> assertPropagates(context.getBean(TenantEcho.class)));
	}

	@Test
	void asyncMethodOnBootsVirtualThreadExecutorSeesTheCallersTenant() {
		org.assertj.core.api.Assumptions.assumeThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertPropagates(context.getBean(TenantEcho.class)));
	}

	private static void assertPropagates(TenantEcho echo) throws Exception {
		assertThat(TenantContext.where("acme").call(() -> echo.tenant().get(5, TimeUnit.SECONDS))).isEqualTo("acme");
		assertThat(TenantContext.where("globex").call(() -> echo.tenant().get(5, TimeUnit.SECONDS))).isEqualTo("globex");
		assertThat(echo.tenant().get(5, TimeUnit.SECONDS)).isEqualTo("none");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		TenantEcho tenantEcho() {
			return new TenantEcho();
		}

	}

	static class TenantEcho {

		@Async
		public CompletableFuture<String> tenant() {
			return CompletableFuture.completedFuture(TenantContext.current().map(Object::toString).orElse("none"));
		}

	}

}
