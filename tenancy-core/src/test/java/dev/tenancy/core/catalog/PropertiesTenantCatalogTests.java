package dev.tenancy.core.catalog;

import java.util.List;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PropertiesTenantCatalogTests {

	@Test
	void rejectsATenantWhoseSchemaIsAnotherTenantsDerivedSchema() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PropertiesTenantCatalog(
					List.of(schema("acme", null), schema("globex", "t_acme"))))
			.withMessageContaining("tenants 'acme' and 'globex' would share schema 't_acme'")
			.withMessageContaining("set tenancy.tenants.globex.schema");
	}

	@Test
	void rejectsTwoTenantsThatSetTheSameSchema() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PropertiesTenantCatalog(
					List.of(schema("initech", "common"), schema("acme", "common"))))
			.withMessageContaining("tenants 'acme' and 'initech' would share schema 'common'")
			.withMessageContaining("set tenancy.tenants.initech.schema");
	}

	@Test
	void rejectsATenantWhoseDatabaseIsAnotherTenantsOnTheSameServer() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PropertiesTenantCatalog(
					List.of(database("acme", "second", null), database("globex", "second", "t_acme"))))
			.withMessageContaining("tenants 'acme' and 'globex' would share database 't_acme' on server 'second'")
			.withMessageContaining("set tenancy.tenants.globex.database");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PropertiesTenantCatalog(
					List.of(database("acme", null, "shop"), database("globex", "primary", "shop"))))
			.withMessageContaining("would share database 'shop' on server 'primary'");
	}

	@Test
	void acceptsTheSameDatabaseNameOnDifferentServers() {
		PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(
				List.of(database("acme", "first", "shop"), database("globex", "second", "shop")));
		assertThat(catalog.findAll()).hasSize(2);
	}

	@Test
	void namesOnlyCountForThePlacementThatUsesThem() {
		// a SHARED tenant uses no schema and a SCHEMA tenant no database, whatever they record
		PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(schema("acme", null),
				new Tenant(TenantId.of("globex"), "globex", TenantStatus.ACTIVE, Placement.SHARED, "t_acme", null,
						null),
				database("initech", null, "t_acme")));
		assertThat(catalog.findAll()).hasSize(3);
	}

	private static Tenant schema(String id, @Nullable String schema) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SCHEMA, schema, null, null);
	}

	private static Tenant database(String id, @Nullable String server, @Nullable String database) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.DATABASE, null, server, database);
	}

}
