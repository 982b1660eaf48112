package dev.tenancy.jpa.connection;

import java.util.regex.Pattern;

/**
 * The statements that set the tenant (and a SCHEMA tenant's {@code search_path}), made once per data source. The
 * setting's name is written into them: it is the library's own configuration, checked here to be a custom
 * setting's name of lower-case letters, digits and underscores, so it cannot end the string it is written into.
 * The tenant and the search path are always bound parameters.
 * <p>
 * Read-only work ({@code TenantContext.isReadOnly()}) gets statements that also make its transactions read-only:
 * {@code transaction_read_only} for the transaction, which nothing in it can turn back once a statement has run,
 * or {@code default_transaction_read_only} for the session, reset when the connection is returned.
 * <p>
 * Written in, the name is one parameter less for the driver to bind and the server to read on every transaction
 * (about 5% of the setting's work in the server, {@code benchmarks/server-instructions}), and the statements stay
 * the same for every tenant, so the driver and the server prepare each once.
 */
final class TenantSettingStatements {

	private static final Pattern CUSTOM_SETTING = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");

	private final String settingName;

	private final String transactionTenant;

	private final String transactionTenantAndSchema;

	private final String session;

	private static final String READ_ONLY_TRANSACTION = ", set_config('transaction_read_only', 'on', true)";

	private static final String READ_ONLY_SESSION = ", set_config('default_transaction_read_only', 'on', false)";

	/** Puts the session's default back to what the role and database say, as a fresh session has it. */
	static final String END_READ_ONLY_SESSION = "reset default_transaction_read_only";

	/**
	 * Makes the statements for a setting.
	 * @param settingName the custom setting that carries the tenant, such as {@code app.tenant_id}
	 * @throws IllegalArgumentException if the name is not of the form {@code prefix.name} in lower case
	 */
	TenantSettingStatements(String settingName) {
		if (!CUSTOM_SETTING.matcher(settingName).matches()) {
			throw new IllegalArgumentException("setting name '" + settingName
					+ "' must be a custom PostgreSQL setting of the form prefix.name, for example app.tenant_id");
		}
		this.settingName = settingName;
		String setTenant = "set_config('" + settingName + "', ?, ";
		this.transactionTenant = "select " + setTenant + "true)";
		this.transactionTenantAndSchema = this.transactionTenant + ", set_config('search_path', ?, true)";
		this.session = "select " + setTenant + "false), set_config('search_path', ?, false)";
	}

	String settingName() {
		return this.settingName;
	}

	/**
	 * Returns the statement that sets the tenant for the current transaction.
	 * @param withSearchPath whether it also sets {@code search_path}, as the second parameter
	 * @param readOnly whether it also makes the transaction read-only
	 * @return the SQL: the tenant is its first parameter
	 */
	String transaction(boolean withSearchPath, boolean readOnly) {
		String sql = withSearchPath ? this.transactionTenantAndSchema : this.transactionTenant;
		return readOnly ? sql + READ_ONLY_TRANSACTION : sql;
	}

	/**
	 * Returns the statement that sets the tenant and {@code search_path} for the session.
	 * @param readOnly whether it also makes the session's transactions read-only by default
	 * @return the SQL: the tenant is its first parameter, the search path its second
	 */
	String session(boolean readOnly) {
		return readOnly ? this.session + READ_ONLY_SESSION : this.session;
	}

}
