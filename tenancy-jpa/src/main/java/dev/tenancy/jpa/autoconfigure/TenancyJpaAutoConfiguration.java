package dev.tenancy.jpa.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the data layer: tenant-aware DataSource, the Hibernate {@code @TenantId} layer, the
 * row-level security migration and the start-up guard.
 */
@AutoConfiguration(
		beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties({ TenancyJpaProperties.class, TenancyRlsProperties.class })
@Import({ TenantDataSourceConfiguration.class, HibernateLayerConfiguration.class, RlsFlywayConfiguration.class,
		RlsGuardConfiguration.class })
public final class TenancyJpaAutoConfiguration {

}
