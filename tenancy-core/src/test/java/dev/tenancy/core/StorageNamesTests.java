package dev.tenancy.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StorageNamesTests {

	@Test
	void derivesAPrefixedName() {
		assertThat(StorageNames.derive(TenantId.of("acme-eu"))).isEqualTo("t_acme-eu");
		assertThat(StorageNames.quote("t_acme-eu")).isEqualTo("\"t_acme-eu\"");
	}

	@Test
	void longIdsStayWithinTheIdentifierLimitAndApart() {
		String base = "a".repeat(60);
		String one = StorageNames.derive(TenantId.of(base + "one"));
		String two = StorageNames.derive(TenantId.of(base + "two"));
		assertThat(one).hasSize(63).matches(StorageNames.IDENTIFIER).isNotEqualTo(two);
	}

	@Test
	void rejectsNamesThatCouldEscapeQuotingOrHitSystemSchemas() {
		assertThatIllegalArgumentException().isThrownBy(() -> StorageNames.quote("a\"; drop schema public; --"));
		assertThatIllegalArgumentException().isThrownBy(() -> StorageNames.quote("pg_catalog"));
		assertThatIllegalArgumentException().isThrownBy(() -> StorageNames.quote("Public"));
	}

	@Test
	void tenantUsesRecordedNamesAndDefaultsOtherwise() {
		Tenant schema = new Tenant(TenantId.of("globex"), "Globex", TenantStatus.ACTIVE, Placement.SCHEMA);
		assertThat(schema.schemaName()).isEqualTo("t_globex");
		Tenant database = new Tenant(TenantId.of("initech"), "Initech", TenantStatus.ACTIVE, Placement.DATABASE, null,
				"second", "initech_db");
		assertThat(database.serverName()).isEqualTo("second");
		assertThat(database.databaseName()).isEqualTo("initech_db");
		assertThat(schema.serverName()).isEqualTo(StorageNames.PRIMARY_SERVER);
	}

}
