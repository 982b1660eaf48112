package dev.tenancy.core.autoconfigure;

import dev.tenancy.core.cache.TenantAwareCacheManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps each tenant's cache entries apart in every {@link CacheManager} bean, Spring Boot's included, by
 * decorating it as it is created.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty(name = "tenancy.cache.tenant-aware", matchIfMissing = true)
class CacheConfiguration {

	@Bean
	static BeanPostProcessor tenantAwareCacheManagerPostProcessor(ObjectProvider<TenancyProperties> properties) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof CacheManager manager && !(bean instanceof TenantAwareCacheManager)) {
					return new TenantAwareCacheManager(manager,
							properties.getObject().getCache().getSharedCaches());
				}
				return bean;
			}

		};
	}

}
