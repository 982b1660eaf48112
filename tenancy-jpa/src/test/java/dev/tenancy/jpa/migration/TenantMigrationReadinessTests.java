package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

class TenantMigrationReadinessTests {

	private final InMemoryTenantMigrationStateStore store = new InMemoryTenantMigrationStateStore();

	private final TenantMigrationReadiness readiness = readiness("2");

	@Test
	void sharedTenantsAreAlwaysReady() {
		assertThat(this.readiness.notReadyReason(tenant("acme", Placement.SHARED))).isEmpty();
	}

	@Test
	void aTenantMigratedToTheExpectedVersionOrLaterIsReady() {
		record("acme", MigrationState.MIGRATED, "2", null);
		record("globex", MigrationState.MIGRATED, "3", null);
		assertThat(this.readiness.notReadyReason(tenant("acme", Placement.SCHEMA))).isEmpty();
		assertThat(this.readiness.notReadyReason(tenant("globex", Placement.DATABASE))).isEmpty();
	}

	@Test
	void aTenantWithoutRecordedStateIsRefused() {
		assertThat(this.readiness.notReadyReason(tenant("acme", Placement.SCHEMA))).get(STRING)
			.isEqualTo("Tenant 'acme' is unavailable: its schema has not been migrated to version 2 yet. "
					+ "An operator can migrate it with POST /actuator/tenancymigrations/acme.");
	}

	@Test
	void aTenantThatIsBehindIsRefusedNamingBothVersions() {
		record("acme", MigrationState.MIGRATED, "1", null);
		assertThat(this.readiness.notReadyReason(tenant("acme", Placement.DATABASE))).get(STRING)
			.isEqualTo("Tenant 'acme' is unavailable: its database is at version 1, behind version 2 that this "
					+ "application needs. An operator can migrate it with POST /actuator/tenancymigrations/acme.");
	}

	@Test
	void aFailedTenantIsRefusedWithoutTheDatabaseError() {
		record("acme", MigrationState.FAILED, "1", "ERROR: relation \"labels\" already exists");
		assertThat(this.readiness.notReadyReason(tenant("acme", Placement.SCHEMA))).get(STRING)
			.contains("the migration of its schema to version 2 failed (it is at version 1)")
			.contains("GET /actuator/tenancymigrations/acme")
			.doesNotContain("labels");
	}

	@Test
	void aTenantBeingMigratedIsRefusedForAMoment() {
		record("acme", MigrationState.MIGRATING, "1", null);
		assertThat(this.readiness.notReadyReason(tenant("acme", Placement.SCHEMA))).get(STRING)
			.endsWith("is being migrated to version 2; retry in a moment.");
	}

	@Test
	void withoutShippedTenantMigrationsEveryTenantIsReady() {
		assertThat(readiness(null).notReadyReason(tenant("acme", Placement.SCHEMA))).isEmpty();
	}

	private TenantMigrationReadiness readiness(String version) {
		TenantMigrator migrator = new TenantMigrator(new PropertiesTenantCatalog(List.of()), this.store,
				TenantFlywayFactory.builder(new SimpleDriverDataSource()).build(),
				new TenantMigrationSet(version, version), 1, Duration.ZERO);
		return new TenantMigrationReadiness(migrator);
	}

	private void record(String tenant, MigrationState state, String version, String error) {
		this.store.recordState(TenantId.of(tenant), new TenantMigrationState(state, version, error, Instant.now()));
	}

	private static Tenant tenant(String id, Placement placement) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, placement);
	}

}
