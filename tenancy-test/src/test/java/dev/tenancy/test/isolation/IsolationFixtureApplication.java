package dev.tenancy.test.isolation;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * A JPA application for the isolation assertion tests: {@link ScopedNote}s are scoped by Hibernate's
 * {@code @TenantId} with the tenant of {@link TenantContext} (as tenancy-jpa does, which this module cannot
 * depend on); {@link LeakyNote}s are not scoped at all.
 */
@SpringBootApplication
class IsolationFixtureApplication {

	@Bean
	HibernatePropertiesCustomizer tenantFromTenantContext() {
		CurrentTenantIdentifierResolver<String> resolver = new CurrentTenantIdentifierResolver<>() {

			@Override
			public String resolveCurrentTenantIdentifier() {
				// an id no tenant can have: sessions opened without a tenant (at start-up) match no rows
				return TenantContext.current().map(TenantId::value).orElse("__no_tenant__");
			}

			@Override
			public boolean validateExistingCurrentSessions() {
				return true;
			}

		};
		return (properties) -> properties.put(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER, resolver);
	}

}
