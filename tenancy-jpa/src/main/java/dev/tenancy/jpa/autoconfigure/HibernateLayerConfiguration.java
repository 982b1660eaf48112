package dev.tenancy.jpa.autoconfigure;

import dev.tenancy.jpa.hibernate.TenantContextIdentifierResolver;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ CurrentTenantIdentifierResolver.class, HibernatePropertiesCustomizer.class })
class HibernateLayerConfiguration {

	@Bean
	@ConditionalOnMissingBean(CurrentTenantIdentifierResolver.class)
	TenantContextIdentifierResolver tenantContextIdentifierResolver(TenancyJpaProperties properties) {
		return new TenantContextIdentifierResolver(properties.isDiscriminatorEnabled());
	}

	@Bean
	HibernatePropertiesCustomizer tenantIdentifierResolverCustomizer(CurrentTenantIdentifierResolver<?> resolver) {
		return (hibernateProperties) -> hibernateProperties.put(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER,
				resolver);
	}

}
