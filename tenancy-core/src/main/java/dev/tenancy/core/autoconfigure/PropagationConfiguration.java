package dev.tenancy.core.autoconfigure;

import io.micrometer.context.ContextSnapshotFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carries the tenant (and every other registered thread-local) to tasks run on Spring Boot's executors:
 * Boot applies a single {@link TaskDecorator} bean to the executors and schedulers it builds, including the
 * virtual-thread executor. A task runs with exactly the submitter's values: one the submitter did not have is
 * cleared for the task, and the worker's own put back afterwards.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ContextSnapshotFactory.class, ContextPropagatingTaskDecorator.class })
@ConditionalOnProperty(name = "tenancy.propagation.task-decorator", matchIfMissing = true)
class PropagationConfiguration {

	@Bean
	@ConditionalOnMissingBean(TaskDecorator.class)
	ContextPropagatingTaskDecorator tenantPropagatingTaskDecorator() {
		// clearMissing: a task submitted with no tenant must not run as a tenant left on the worker
		return new ContextPropagatingTaskDecorator(ContextSnapshotFactory.builder().clearMissing(true).build());
	}

}
