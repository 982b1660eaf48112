package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.List;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the endpoint answers without reaching a database: refusals are invalid requests (a 400 over HTTP) that
 * say why, and tenants it has nothing to say about are not found (a 404).
 */
class TenantMigrationsEndpointTests {

	private final PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
			new Tenant(TenantId.of("leaving"), "Leaving", TenantStatus.OFFBOARDING, Placement.DATABASE, null,
					"primary", "t_leaving"),
			new Tenant(TenantId.of("gone"), "Gone", TenantStatus.OFFBOARDED, Placement.SCHEMA)));

	private final TenantMigrationsEndpoint endpoint = new TenantMigrationsEndpoint(this.catalog,
			new InMemoryTenantMigrationStateStore(), new TenantMigrator(this.catalog,
					new InMemoryTenantMigrationStateStore(),
					TenantFlywayFactory.builder(new SimpleDriverDataSource()).build(), new TenantMigrationSet("2", "2"),
					1, Duration.ZERO));

	@Test
	void refusesAnInvalidTenantIdSayingWhatAValidOneIs() {
		for (String invalid : List.of("Not A Tenant", "acme;drop", "-acme")) {
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> this.endpoint.migrate(invalid))
				.satisfies((ex) -> assertThat(ex.getReason()).startsWith("invalid tenant id '")
					.contains("use 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit"));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> this.endpoint.tenant(invalid))
				.satisfies((ex) -> assertThat(ex.getReason()).startsWith("invalid tenant id '"));
		}
	}

	@Test
	void refusesToMigrateATenantBeingOffboardedSayingWhy() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.migrate("leaving"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("Tenant 'leaving' is OFFBOARDING and is not "
					+ "migrated: a migration would create its tables in database 't_leaving' on server 'primary' "
					+ "again. If it is to be served again, set its status back to ACTIVE in the tenant catalog first, "
					+ "then migrate it"));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.migrate("gone"))
			.satisfies((ex) -> assertThat(ex.getReason()).startsWith("Tenant 'gone' is OFFBOARDED and is not migrated"));
	}

	@Test
	void stillDescribesATenantBeingOffboarded() {
		assertThat(this.endpoint.tenant("gone")).satisfies((described) -> {
			assertThat(described.status()).isEqualTo(TenantStatus.OFFBOARDED);
			assertThat(described.location()).isEqualTo("t_gone");
		});
	}

	@Test
	void findsNoUnknownOrSharedTenant() {
		assertThat(this.endpoint.tenant("umbrella")).isNull();
		assertThat(this.endpoint.migrate("umbrella")).isNull();
		assertThat(this.endpoint.tenant("acme")).isNull();
		assertThat(this.endpoint.migrate("acme")).isNull();
	}

}
