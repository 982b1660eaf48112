package dev.tenancy.jpa.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.tenancy.core.StorageNames;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * What one query of a tenant's Flyway history table says: the version the schema is at, and whether a
 * migration failed half-way (which Flyway must repair before migrating again).
 *
 * @param version the highest successfully applied version, or {@code null} if none (or no history table)
 * @param failedEntries whether the history records a failed migration
 */
record SchemaHistory(@Nullable String version, boolean failedEntries) {

	private static final String UNDEFINED_TABLE = "42P01";

	private static final String INVALID_SCHEMA = "3F000";

	boolean isAtLeast(@Nullable String expected) {
		return !this.failedEntries && TenantMigrationState.isAtLeast(this.version, expected);
	}

	/**
	 * Reads the history table through a connection of its own.
	 * @param dataSource a connection to the tenant's database
	 * @param schema the schema holding the history table, or {@code null} for the connection's default schema
	 * @param table the history table
	 * @return what the history says; an empty history if the table does not exist
	 * @throws SQLException if the history cannot be read
	 */
	static SchemaHistory read(DataSource dataSource, @Nullable String schema, String table) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return read(connection, schema, table);
		}
	}

	/**
	 * Reads the history table through a connection in auto-commit mode, which stays usable if the table is
	 * missing, so that one connection can read the histories of many schemas.
	 * @param connection a connection to the tenant's database, in auto-commit mode
	 * @param schema the schema holding the history table, or {@code null} for the connection's default schema
	 * @param table the history table
	 * @return what the history says; an empty history if the table does not exist
	 * @throws SQLException if the history cannot be read
	 */
	static SchemaHistory read(Connection connection, @Nullable String schema, String table) throws SQLException {
		// identifiers cannot be bound; both are validated and quoted
		String qualified = ((schema != null) ? StorageNames.quote(schema) + "." : "") + StorageNames.quote(table);
		String sql = "select version, success from " + qualified + " where version is not null";
		MigrationVersion latest = null;
		boolean failed = false;
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				if (!rows.getBoolean(2)) {
					failed = true;
					continue;
				}
				MigrationVersion version = MigrationVersion.fromVersion(rows.getString(1));
				if (latest == null || version.isNewerThan(latest)) {
					latest = version;
				}
			}
		}
		catch (SQLException ex) {
			if (UNDEFINED_TABLE.equals(ex.getSQLState()) || INVALID_SCHEMA.equals(ex.getSQLState())) {
				return new SchemaHistory(null, false);
			}
			throw ex;
		}
		return new SchemaHistory((latest != null) ? latest.getVersion() : null, failed);
	}

}
