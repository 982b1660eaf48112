package dev.tenancy.jpa.migration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Stands in for {@code TenancyJpaAutoConfiguration} importing the catalog and migration configurations and
 * running before the core's auto-configuration. The configurations are package-private, so they are imported
 * by name. Once {@code TenancyJpaAutoConfiguration} imports them, tests can use it instead.
 */
@AutoConfiguration(beforeName = "dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration",
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@Import(PlacementAutoConfiguration.Configurations.class)
public final class PlacementAutoConfiguration {

	/** The configuration classes to add to {@code TenancyJpaAutoConfiguration}'s {@code @Import}. */
	public static final String[] CONFIGURATIONS = { "dev.tenancy.jpa.autoconfigure.JdbcCatalogConfiguration",
			"dev.tenancy.jpa.autoconfigure.TenantMigrationConfiguration" };

	static final class Configurations implements ImportSelector {

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return CONFIGURATIONS.clone();
		}

	}

}
