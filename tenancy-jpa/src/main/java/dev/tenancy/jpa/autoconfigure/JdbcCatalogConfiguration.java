package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import dev.tenancy.core.autoconfigure.TenancyProperties;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.jpa.lifecycle.TenantPurgeStep;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC tenant catalog, when {@code tenancy.catalog.type=jdbc}: {@code tenancy.tenants} read as the runtime
 * role and written as the owner role, behind the core's lookup cache; and the tenant lifecycle that changes it,
 * its changes recorded in the audit trail of {@link ControlPlaneConfiguration}. Must be processed before the
 * core's catalog configuration, which otherwise registers the configuration-properties catalog first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcTemplate.class, org.springframework.boot.jdbc.DataSourceBuilder.class })
@ConditionalOnProperty(name = "tenancy.catalog.type", havingValue = "jdbc")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties({ TenancyCatalogProperties.class, TenancyLifecycleProperties.class })
class JdbcCatalogConfiguration {

	@Bean
	@ConditionalOnMissingBean(TenantCatalog.class)
	CachingTenantCatalog tenantCatalog(JdbcControlPlane controlPlane, Environment environment) {
		JdbcTenantCatalog catalog = controlPlane.catalog();
		TenancyProperties.Catalog cache = Binder.get(environment)
			.bindOrCreate("tenancy.catalog", TenancyProperties.Catalog.class);
		CachingTenantCatalog caching = new CachingTenantCatalog(catalog, cache.getCacheTtl(),
				cache.getCacheMaximumSize());
		catalog.addChangeListener(caching::evict);
		return caching;
	}

	@Bean
	@ConditionalOnMissingBean
	TenantLifecycle tenantLifecycle(JdbcControlPlane controlPlane, TenantAuditTrail audit,
			ObjectProvider<TenantMigrator> migrator, ApplicationEventPublisher events, Environment environment,
			TenancyLifecycleProperties lifecycle, ObjectProvider<TenantPurgeStep> purgeSteps,
			ObjectProvider<TenantDataSources> tenantDataSources) {
		Binder binder = Binder.get(environment);
		Duration cacheTtl = binder.bindOrCreate("tenancy.catalog", TenancyProperties.Catalog.class).getCacheTtl();
		if (lifecycle.getMoveDrain().compareTo(cacheTtl) < 0) {
			throw new IllegalStateException("tenancy.lifecycle.move-drain (" + lifecycle.getMoveDrain()
					+ ") must be at least tenancy.catalog.cache-ttl (" + cacheTtl + "), or another instance may "
					+ "still write a moving tenant's rows at its old place while they are copied");
		}
		TenantLifecycle.Moves moves = new TenantLifecycle.Moves(
				binder.bindOrCreate("tenancy.jpa", TenancyJpaProperties.class).getSettingName(),
				binder.bindOrCreate("tenancy.rls", TenancyRlsProperties.class).getTenantColumn(),
				binder.bindOrCreate("tenancy.migration", TenancyMigrationProperties.class).getTable(),
				lifecycle.getMoveDrain());
		TenantLifecycle tenantLifecycle = new TenantLifecycle(controlPlane.catalog(), migrator.getIfAvailable(), audit,
				controlPlane.owner(), events, moves);
		tenantLifecycle.setPurgeSteps(purgeSteps.orderedStream().toList());
		tenantLifecycle.setTenantDataSources(tenantDataSources.getIfAvailable());
		return tenantLifecycle;
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
