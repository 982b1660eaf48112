package dev.tenancy.jpa.migration;

import dev.tenancy.core.Tenant;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Customizes the Flyway configuration of one tenant before its Flyway instance is created, the per-tenant
 * counterpart of Spring Boot's {@code FlywayConfigurationCustomizer}. Beans of this type are applied in order.
 * <p>
 * Leave the data source, schemas and history table alone: they decide which schema is migrated.
 */
@FunctionalInterface
public interface TenantFlywayConfigurationCustomizer {

	/**
	 * Customizes the configuration.
	 * @param tenant the tenant being migrated
	 * @param configuration its Flyway configuration
	 */
	void customize(Tenant tenant, FluentConfiguration configuration);

}
