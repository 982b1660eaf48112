package dev.tenancy.jpa.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the data layer: tenant-aware DataSource with placement routing, the Hibernate
 * {@code @TenantId} layer, the row-level security migration, the start-up guard, the JDBC tenant catalog,
 * per-tenant migrations and tenants' data keys. Runs before the core's auto-configuration so that its JDBC catalog, when chosen, is the
 * one the core uses.
 */
@AutoConfiguration(
		beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration" },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties({ TenancyJpaProperties.class, TenancyRlsProperties.class })
@Import({ TenantDataSourceConfiguration.class, HibernateLayerConfiguration.class, RlsFlywayConfiguration.class,
		RlsGuardConfiguration.class, ControlPlaneConfiguration.class, JdbcCatalogConfiguration.class,
		TenantMigrationConfiguration.class, DatabasePlacementConfiguration.class, CryptoConfiguration.class })
public final class TenancyJpaAutoConfiguration {

}
