package dev.tenancy.jpa.autoconfigure;

import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.rls.GuardMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/configuration.md, docs/row-level-security.md, docs/pgbouncer.md) and the
 * code in step.
 */
class TenancyJpaPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancyJpaProperties properties = new TenancyJpaProperties();
		assertThat(properties.isTenantAwareDataSource()).isTrue();
		assertThat(properties.getConnectionMode()).isEqualTo(TenantConnectionMode.TRANSACTION);
		assertThat(properties.getSessionModeGuard()).isEqualTo(GuardMode.FAIL);
		assertThat(properties.getSettingName()).isEqualTo("app.tenant_id");
		assertThat(properties.isDiscriminatorEnabled()).isTrue();
		assertThat(properties.getLoadPlanCacheSize()).isEqualTo(2000);
		assertThat(properties.getQueryTranslationCacheSize()).isEqualTo(2000);
		assertThat(properties.getMaxSchemasPerConnection()).isEqualTo(1000);
		assertThat(properties.isPerSchemaStatements()).isFalse();
	}

}
