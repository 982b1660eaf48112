package dev.tenancy.jpa.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the library's migration (the {@code tenancy} schema and {@code tenancy.enable_tenant_isolation}) to
 * Boot's Flyway, at version 0.1 so that it runs before the application's own migrations.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Flyway.class, FlywayConfigurationCustomizer.class })
@ConditionalOnBooleanProperty(name = "tenancy.rls.flyway-migration", matchIfMissing = true)
class RlsFlywayConfiguration {

	@Bean
	FlywayConfigurationCustomizer tenancyRlsMigrationCustomizer(TenancyRlsProperties properties) {
		return (configuration) -> {
			List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
			Location tenancy = new Location(properties.getFlywayLocation());
			if (locations.stream().noneMatch((location) -> location.getDescriptor().equals(tenancy.getDescriptor()))) {
				locations.add(tenancy);
			}
			configuration.locations(locations.toArray(Location[]::new));
		};
	}

}
