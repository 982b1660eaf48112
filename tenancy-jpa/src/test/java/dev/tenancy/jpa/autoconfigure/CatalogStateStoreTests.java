package dev.tenancy.jpa.autoconfigure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.TenantId;
import dev.tenancy.jpa.autoconfigure.TenantMigrationConfiguration.CatalogStateStore;
import dev.tenancy.jpa.migration.InMemoryTenantMigrationStateStore;
import dev.tenancy.jpa.migration.MigrationState;
import dev.tenancy.jpa.migration.TenantMigrationState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured state store hands the catalog every write as it comes: states of many tenants in one
 * batch (one statement for a JDBC catalog), not tenant by tenant.
 */
class CatalogStateStoreTests {

	@Test
	void statesOfManyTenantsReachTheCatalogInOneBatch() {
		List<Integer> batches = new ArrayList<>();
		InMemoryTenantMigrationStateStore catalog = new InMemoryTenantMigrationStateStore() {

			@Override
			public void recordStates(Map<TenantId, TenantMigrationState> states) {
				batches.add(states.size());
				super.recordStates(states);
			}

		};
		TenantMigrationState migrated = new TenantMigrationState(MigrationState.MIGRATED, "2", null, Instant.now());
		new CatalogStateStore(catalog)
			.recordStates(Map.of(TenantId.of("acme"), migrated, TenantId.of("globex"), migrated));
		assertThat(batches).containsExactly(2);
		assertThat(catalog.findAllStates()).containsOnlyKeys(TenantId.of("acme"), TenantId.of("globex"));
	}

}
