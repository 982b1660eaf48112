package dev.tenancy.jpa.autoconfigure;

import javax.sql.DataSource;

import dev.tenancy.core.autoconfigure.TenancyProperties;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC tenant catalog, when {@code tenancy.catalog.type=jdbc}: {@code tenancy.tenants} read as the runtime
 * role and written as the owner role, behind the core's lookup cache. Must be processed before the core's
 * catalog configuration, which otherwise registers the configuration-properties catalog first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcTemplate.class, org.springframework.boot.jdbc.DataSourceBuilder.class })
@ConditionalOnProperty(name = "tenancy.catalog.type", havingValue = "jdbc")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(TenancyCatalogProperties.class)
class JdbcCatalogConfiguration {

	@Bean
	@ConditionalOnMissingBean(TenantCatalog.class)
	CachingTenantCatalog tenantCatalog(DataSource dataSource, Environment environment) {
		JdbcTenantCatalog catalog = new JdbcTenantCatalog(ControlPlaneDataSources.runtime(dataSource),
				ControlPlaneDataSources.owner(environment, dataSource));
		TenancyProperties.Catalog cache = Binder.get(environment)
			.bindOrCreate("tenancy.catalog", TenancyProperties.Catalog.class);
		CachingTenantCatalog caching = new CachingTenantCatalog(catalog, cache.getCacheTtl(),
				cache.getCacheMaximumSize());
		catalog.addChangeListener(caching::evict);
		return caching;
	}

	/** Adds the catalog table's migration to Boot's Flyway; only applications using the JDBC catalog get it. */
	@Bean
	@ConditionalOnClass(name = "org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer")
	static CatalogMigrationLocation tenancyCatalogMigrationLocation() {
		return new CatalogMigrationLocation();
	}

	/**
	 * Fails the start instead of silently serving the configuration-properties catalog when the auto-configurations
	 * ran in the wrong order.
	 */
	@Bean
	SmartInitializingSingleton jdbcTenantCatalogCheck(ListableBeanFactory beans) {
		return () -> beans.getBeanProvider(TenantCatalog.class).ifUnique((catalog) -> {
			if (catalog instanceof CachingTenantCatalog caching
					&& caching.getDelegate() instanceof PropertiesTenantCatalog) {
				throw new IllegalStateException("tenancy.catalog.type=jdbc is set but the configuration-properties "
						+ "catalog was configured: TenancyJpaAutoConfiguration must run before "
						+ "TenancyCoreAutoConfiguration");
			}
		});
	}

}
