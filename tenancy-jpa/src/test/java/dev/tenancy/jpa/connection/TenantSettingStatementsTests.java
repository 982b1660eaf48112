package dev.tenancy.jpa.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantSettingStatementsTests {

	@Test
	void writesTheSettingsNameInAndBindsTheValues() {
		TenantSettingStatements statements = new TenantSettingStatements("app.tenant_id");
		assertThat(statements.transaction(false)).isEqualTo("select set_config('app.tenant_id', ?, true)");
		assertThat(statements.transaction(true))
			.isEqualTo("select set_config('app.tenant_id', ?, true), set_config('search_path', ?, true)");
		assertThat(statements.session())
			.isEqualTo("select set_config('app.tenant_id', ?, false), set_config('search_path', ?, false)");
		assertThat(statements.settingName()).isEqualTo("app.tenant_id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "search_path", "app.tenant_id'); drop table projects; --", "app.tenant'id", "App.Tenant",
			"app.tenant id", "app.", ".tenant", "app.tenant.id", "1app.tenant", "" })
	void refusesAnythingButALowerCaseCustomSetting(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantSettingStatements(name))
			.withMessageContaining("prefix.name");
	}

}
