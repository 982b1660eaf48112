package dev.tenancy.jpa.connection;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The SQL that sets a tenant (and a SCHEMA tenant's {@code search_path}) for the current transaction, on its own
 * or as a prefix to the transaction's first statement, and for read-only work makes the transaction read-only. The
 * tenant and the search path are bound parameters; the setting's name is written in ({@link TenantSettingStatements}).
 */
final class TransactionTenantSetting {

	private final String sql;

	private final String tenant;

	/** A SCHEMA tenant's {@code search_path} (its quoted schema, then {@code pg_temp}), or {@code null}: left alone. */
	private final @Nullable String searchPath;

	TransactionTenantSetting(TenantSettingStatements statements, String tenant, @Nullable String searchPath,
			boolean readOnly) {
		this.sql = statements.transaction(searchPath != null, readOnly);
		this.tenant = tenant;
		this.searchPath = searchPath;
	}

	/**
	 * Returns the statement that sets the tenant on its own.
	 * @return the SQL, with {@link #parameterCount()} parameters
	 */
	String sql() {
		return this.sql;
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
	 * @return 1, or 2 with a search path
	 */
	int parameterCount() {
		return (this.searchPath != null) ? 2 : 1;
	}

	/**
	 * Binds the setting's parameters, which come first.
	 * @param statement a statement made from {@link #sql()} or {@link #prefixTo(String)}
	 */
	void bind(PreparedStatement statement) throws SQLException {
		statement.setString(1, this.tenant);
		if (this.searchPath != null) {
			statement.setString(2, this.searchPath);
		}
	}

}
