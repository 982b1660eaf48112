package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.List;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantMigratorTests {

	@Test
	void logsFlywaysFramedErrorsOnOneLine() {
		String flyway = """
				Migration V2__labels.sql failed
				-------------------------------
				SQL State  : 42P07
				Message    : ERROR: relation "labels" already exists
				""";
		assertThat(MigrationErrors.oneLine(flyway)).isEqualTo(
				"Migration V2__labels.sql failed; SQL State  : 42P07; Message    : ERROR: relation \"labels\" already exists");
	}

	@Test
	void describesAnErrorWithItsCausesOnce() {
		FlywayException ex = new FlywayException("Unable to obtain connection",
				new IllegalStateException("database \"t_x\" does not exist"));
		assertThat(MigrationErrors.describe(ex))
			.isEqualTo("Unable to obtain connection\nCaused by: database \"t_x\" does not exist");
		assertThat(MigrationErrors.describe(new RuntimeException("x".repeat(10_000)))).hasSize(4000);
	}

	@Test
	void refusesAParallelismBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantMigrator(new PropertiesTenantCatalog(List.of()),
				new InMemoryTenantMigrationStateStore(), TenantFlywayFactory.builder(new SimpleDriverDataSource()).build(),
				new TenantMigrationSet(null, null), 0, Duration.ZERO))
			.withMessage("parallelism must be at least 1, was 0");
	}

	@Test
	void migratesSharedTenantsWithTheApplicationNotPerTenant() {
		TenantMigrator migrator = new TenantMigrator(new PropertiesTenantCatalog(List.of()),
				new InMemoryTenantMigrationStateStore(), TenantFlywayFactory.builder(new SimpleDriverDataSource()).build(),
				new TenantMigrationSet(null, null), 1, Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(() -> migrator.migrate(Tenant.active("acme")))
			.withMessageContaining("SHARED placement");
		assertThat(migrator.expectedVersion(Placement.SHARED)).isNull();
	}

}
