package dev.tenancy.jpa.migration;

import java.util.Optional;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.catalog.TenantReadiness;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a {@code SCHEMA} or {@code DATABASE} tenant whose recorded migration state is not
 * {@link MigrationState#MIGRATED} at the version this application needs, so that no request runs against a
 * schema that is behind. {@code SHARED} tenants are always ready: their tables are migrated with the
 * application's own migrations before it starts.
 * <p>
 * A tenant at a later version than this application's is served, so that an older instance keeps working
 * during a rolling deployment (write migrations that older code tolerates: expand, then contract). The reason
 * is sent to the client in the 503 response, so it says what an operator can do, never the database's error.
 */
public class TenantMigrationReadiness implements TenantReadiness {

	private final TenantMigrator migrator;

	public TenantMigrationReadiness(TenantMigrator migrator) {
		this.migrator = migrator;
	}

	@Override
	public Optional<String> notReadyReason(Tenant tenant) {
		if (tenant.placement() == Placement.SHARED) {
			return Optional.empty();
		}
		String expected = this.migrator.expectedVersion(tenant.placement());
		if (expected == null) {
			return Optional.empty();
		}
		TenantMigrationState state = this.migrator.state(tenant.id()).orElse(null);
		if (state != null && state.isMigratedTo(expected)) {
			return Optional.empty();
		}
		return Optional.of(reason(tenant, expected, state));
	}

	private static String reason(Tenant tenant, String expected, @Nullable TenantMigrationState state) {
		String storage = (tenant.placement() == Placement.DATABASE) ? "database" : "schema";
		String prefix = "Tenant '" + tenant.id() + "' is unavailable: ";
		String migrate = "An operator can migrate it with POST /actuator/tenancymigrations/" + tenant.id() + ".";
		if (state == null) {
			return prefix + "its " + storage + " has not been migrated to version " + expected + " yet. " + migrate;
		}
		return switch (state.state()) {
			case MIGRATING -> prefix + "its " + storage + " is being migrated to version " + expected
					+ "; retry in a moment.";
			case FAILED -> prefix + "the migration of its " + storage + " to version " + expected + " failed (it is at "
					+ "version " + state.version() + "). An operator can see the error with GET "
					+ "/actuator/tenancymigrations/" + tenant.id() + " and, once it is fixed, retry with POST "
					+ "/actuator/tenancymigrations/" + tenant.id() + ".";
			case PENDING, MIGRATED -> prefix + "its " + storage + " is at version " + state.version()
					+ ", behind version " + expected + " that this application needs. " + migrate;
		};
	}

}
