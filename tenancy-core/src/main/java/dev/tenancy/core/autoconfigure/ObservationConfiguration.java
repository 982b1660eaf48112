package dev.tenancy.core.autoconfigure;

import dev.tenancy.core.observation.TenantObservationFilter;
import io.micrometer.observation.ObservationFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the tenant to Micrometer observations; Spring Boot applies {@link ObservationFilter} beans to its
 * observation registry.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ObservationFilter.class)
@ConditionalOnBooleanProperty(name = "tenancy.observation.enabled", matchIfMissing = true)
class ObservationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TenantObservationFilter tenantObservationFilter(TenancyProperties properties) {
		return new TenantObservationFilter(properties.getObservation().isTagMetrics());
	}

}
