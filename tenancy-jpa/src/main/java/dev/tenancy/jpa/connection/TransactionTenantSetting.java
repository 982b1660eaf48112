package dev.tenancy.jpa.connection;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The SQL that sets a tenant (and a SCHEMA tenant's {@code search_path}) for the current transaction, on its own
 * or as a prefix to the transaction's first statement. Every value is a bound parameter.
 */
final class TransactionTenantSetting {

	private static final String TENANT = "select set_config(?, ?, true)";

	private static final String TENANT_AND_SCHEMA = "select set_config(?, ?, true), set_config('search_path', ?, true)";

	private final String settingName;

	private final String tenant;

	/** The quoted schema of a SCHEMA tenant, or {@code null} to leave {@code search_path} alone. */
	private final @Nullable String searchPath;

	TransactionTenantSetting(String settingName, String tenant, @Nullable String searchPath) {
		this.settingName = settingName;
		this.tenant = tenant;
		this.searchPath = searchPath;
	}

	/**
	 * Returns the statement that sets the tenant on its own.
	 * @return the SQL, with {@link #parameterCount()} parameters
	 */
	String sql() {
		return (this.searchPath != null) ? TENANT_AND_SCHEMA : TENANT;
	}

	/**
	 * Returns the given statement with the tenant setting in front, as two statements the driver sends in one
	 * round trip: the setting's parameters come first, so the statement's own parameters move up by
	 * {@link #parameterCount()}. Nothing is put between the two, so that the server reports error positions in
	 * the statement exactly as it would without the prefix.
	 * @param sql the statement
	 * @return the statement with the prefix
	 */
	String prefixTo(String sql) {
		return sql() + ";" + sql;
	}

	/**
	 * Returns how many parameters the setting takes.
	 * @return 2, or 3 with a search path
	 */
	int parameterCount() {
		return (this.searchPath != null) ? 3 : 2;
	}

	/**
	 * Binds the setting's parameters, which come first.
	 * @param statement a statement made from {@link #sql()} or {@link #prefixTo(String)}
	 */
	void bind(PreparedStatement statement) throws SQLException {
		statement.setString(1, this.settingName);
		statement.setString(2, this.tenant);
		if (this.searchPath != null) {
			statement.setString(3, this.searchPath);
		}
	}

}
