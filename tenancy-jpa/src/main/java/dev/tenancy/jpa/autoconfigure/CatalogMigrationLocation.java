package dev.tenancy.jpa.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;

/**
 * Adds {@value #LOCATION}, the migration of the JDBC catalog's {@code tenancy.tenants} table, to Boot's Flyway.
 * The migration grants the runtime role read access through the {@code appRole} placeholder.
 */
final class CatalogMigrationLocation implements FlywayConfigurationCustomizer {

	static final String LOCATION = "classpath:db/tenancy/catalog";

	@Override
	public void customize(FluentConfiguration configuration) {
		List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
		Location catalog = new Location(LOCATION);
		if (locations.stream().noneMatch((location) -> location.getDescriptor().equals(catalog.getDescriptor()))) {
			locations.add(catalog);
		}
		configuration.locations(locations.toArray(Location[]::new));
	}

}
