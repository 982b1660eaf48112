package dev.tenancy.core.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.catalog.TenantReadiness;
import dev.tenancy.core.context.TenantJobRunner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TenantCatalog tenantCatalog(TenancyProperties properties) {
		List<Tenant> tenants = properties.getTenants().entrySet().stream().map(CatalogConfiguration::toTenant).toList();
		TenancyProperties.Catalog cache = properties.getCatalog();
		return new CachingTenantCatalog(new PropertiesTenantCatalog(tenants), cache.getCacheTtl(),
				cache.getCacheMaximumSize());
	}

	@Bean
	@ConditionalOnMissingBean
	TenantJobRunner tenantJobRunner(TenantCatalog tenantCatalog, ObjectProvider<TenantReadiness> readinessChecks) {
		return new TenantJobRunner(tenantCatalog, readinessChecks.orderedStream().toList());
	}

	private static Tenant toTenant(Map.Entry<String, TenancyProperties.TenantDefinition> entry) {
		TenancyProperties.TenantDefinition definition = entry.getValue();
		TenantId id = TenantId.of(entry.getKey());
		String displayName = (definition.getDisplayName() != null) ? definition.getDisplayName() : id.value();
		return new Tenant(id, displayName, definition.getStatus(), definition.getPlacement(), definition.getSchema(),
				definition.getServer(), definition.getDatabase());
	}

}
