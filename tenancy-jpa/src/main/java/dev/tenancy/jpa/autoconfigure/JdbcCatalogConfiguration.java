package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;
import java.util.Base64;

import javax.sql.DataSource;

import dev.tenancy.core.autoconfigure.TenancyProperties;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.audit.PlatformOperations;
import dev.tenancy.jpa.audit.TenantAuditEndpoint;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.jpa.migration.TenantMigrator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
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
 * with its audit trail. Must be processed before the core's
 * catalog configuration, which otherwise registers the configuration-properties catalog first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcTemplate.class, org.springframework.boot.jdbc.DataSourceBuilder.class })
@ConditionalOnProperty(name = "tenancy.catalog.type", havingValue = "jdbc")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties({ TenancyCatalogProperties.class, TenancyAuditProperties.class,
		TenancyLifecycleProperties.class })
class JdbcCatalogConfiguration {

	/** Made once, so that the catalog and the audit trail write through one owner DataSource. */
	@Bean
	JdbcControlPlane tenancyJdbcControlPlane(DataSource dataSource, Environment environment) {
		return new JdbcControlPlane(ControlPlaneDataSources.runtime(dataSource),
				ControlPlaneDataSources.owner(environment, dataSource));
	}

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
	TenantAuditTrail tenantAuditTrail(JdbcControlPlane controlPlane, TenancyAuditProperties properties) {
		return new TenantAuditTrail(controlPlane.owner(), hmacKey(properties.getHmacKey()));
	}

	@Bean
	@ConditionalOnMissingBean
	TenantLifecycle tenantLifecycle(JdbcControlPlane controlPlane, TenantAuditTrail audit,
			ObjectProvider<TenantMigrator> migrator, ApplicationEventPublisher events, Environment environment,
			TenancyLifecycleProperties lifecycle) {
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
		return new TenantLifecycle(controlPlane.catalog(), migrator.getIfAvailable(), audit, controlPlane.owner(),
				events, moves);
	}

	@Bean
	@ConditionalOnMissingBean
	PlatformOperations platformOperations(TenantCatalog catalog, TenantAuditTrail audit) {
		return new PlatformOperations(catalog, audit);
	}

	private static byte @Nullable [] hmacKey(@Nullable String base64) {
		if (base64 == null || base64.isBlank()) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("tenancy.audit.hmac-key must be Base64 (for example the output of "
					+ "'openssl rand -base64 32'): " + ex.getMessage(), ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(TenantAuditEndpoint.class)
	static class AuditEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantAuditEndpoint tenantAuditEndpoint(TenantAuditTrail trail) {
			return new TenantAuditEndpoint(trail);
		}

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
