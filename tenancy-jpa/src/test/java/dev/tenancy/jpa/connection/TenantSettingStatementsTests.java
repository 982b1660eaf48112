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
		assertThat(statements.transaction(false, false)).isEqualTo("select set_config('app.tenant_id', ?, true)");
		assertThat(statements.transaction(true, false))
			.isEqualTo("select set_config('app.tenant_id', ?, true), set_config('search_path', ?, true)");
		assertThat(statements.session(false))
			.isEqualTo("select set_config('app.tenant_id', ?, false), set_config('search_path', ?, false)");
		assertThat(statements.settingName()).isEqualTo("app.tenant_id");
	}

	@Test
	void readOnlyWorksStatementsMakeItsTransactionsReadOnlyAfterBindingTheSameParameters() {
		TenantSettingStatements statements = new TenantSettingStatements("app.tenant_id");
		assertThat(statements.transaction(false, true)).isEqualTo(
				"select set_config('app.tenant_id', ?, true), set_config('transaction_read_only', 'on', true)");
		assertThat(statements.transaction(true, true)).isEqualTo("select set_config('app.tenant_id', ?, true), "
				+ "set_config('search_path', ?, true), set_config('transaction_read_only', 'on', true)");
		assertThat(statements.session(true)).isEqualTo("select set_config('app.tenant_id', ?, false), "
				+ "set_config('search_path', ?, false), set_config('default_transaction_read_only', 'on', false)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "search_path", "app.tenant_id'); drop table projects; --", "app.tenant'id", "App.Tenant",
			"app.tenant id", "app.", ".tenant", "app.tenant.id", "1app.tenant", "" })
	void refusesAnythingButALowerCaseCustomSetting(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantSettingStatements(name))
			.withMessageContaining("prefix.name");
	}

}
