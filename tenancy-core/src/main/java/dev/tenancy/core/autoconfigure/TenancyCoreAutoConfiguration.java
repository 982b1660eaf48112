package dev.tenancy.core.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the tenant catalog, context propagation and, in servlet web applications, the tenant
 * filter and resolver chain.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@EnableConfigurationProperties(TenancyProperties.class)
@Import({ CatalogConfiguration.class, PropagationConfiguration.class, WebFilterConfiguration.class,
		CacheConfiguration.class, ObservationConfiguration.class, RateLimitWithoutBucket4jConfiguration.class })
public final class TenancyCoreAutoConfiguration {

}
