package dev.tenancy.jpa.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import dev.tenancy.jpa.routing.TenantDataSources.DatabaseDrop;
import org.jspecify.annotations.Nullable;

/**
 * Creates and drops tenant databases on a server whose tenant databases the library makes, as the server's owner
 * role connected to its maintenance database.
 * <p>
 * A database created for a tenant carries a comment that names the tenant ({@value #MARK}{@code <tenant id>}),
 * and only a database with that comment is dropped for the tenant. Utility statements cannot take bind
 * parameters, so each is written by PostgreSQL's own {@code format()} from bound values: names quoted by
 * {@code %I}, the comment by {@code %L}. Nothing is concatenated into SQL here.
 */
final class ServerDatabases {

	/** The comment of a database created for a tenant, before the tenant's id. */
	static final String MARK = "dev.tenancy: database of tenant ";

	/** What the advisory lock taken while a database is created or dropped is keyed by, before its name. */
	private static final String LOCK_PREFIX = "dev.tenancy: database ";

	/** SQLSTATE insufficient_privilege. */
	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	/** SQLSTATE object_in_use: other sessions are connected to the database. */
	private static final String OBJECT_IN_USE = "55006";

	private final DatabaseServer server;

	private final DataSource maintenance;

	/**
	 * @param server a server that creates tenant databases
	 * @param maintenance its maintenance database, as its owner role
	 */
	ServerDatabases(DatabaseServer server, DataSource maintenance) {
		this.server = server;
		this.maintenance = maintenance;
	}

	/**
	 * Creates the tenant's database if it does not exist.
	 * <p>
	 * Under an advisory lock on the name, so that instances creating it at once take turns. It is made under a
	 * pending name first ({@link #pendingName}), marked and restricted there, and only then renamed: an attempt
	 * that stops half way leaves a pending database, empty and never handed out, which the next attempt drops
	 * and makes again, never an unmarked database under the tenant's name.
	 * @return whether it was created now
	 */
	boolean create(TenantId tenant, String database) {
		try (Connection connection = this.maintenance.getConnection()) {
			lock(connection, database);
			Optional<String> mark = mark(connection, database);
			if (mark.isPresent()) {
				String owner = markedTenant(mark.get());
				if (owner != null && !owner.equals(tenant.value())) {
					throw new IllegalStateException(describe(database) + " was created for tenant '" + owner
							+ "', not for tenant '" + tenant + "'; choose another database");
				}
				return false;
			}
			String pending = pendingName(database);
			if (mark(connection, pending).isPresent()) {
				execute(connection, "DROP DATABASE %I", pending);
			}
			execute(connection, "CREATE DATABASE %I", pending);
			execute(connection, "COMMENT ON DATABASE %I IS %L", pending, MARK + tenant.value());
			execute(connection, "REVOKE ALL ON DATABASE %I FROM PUBLIC", pending);
			execute(connection, "GRANT CONNECT ON DATABASE %I TO %I", pending,
					Objects.requireNonNull(this.server.getUsername()));
			execute(connection, "ALTER DATABASE %I RENAME TO %I", pending, database);
			return true;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create " + describe(database) + " as the owner role '"
					+ this.server.getOwnerUsername() + "': " + ex.getMessage() + createHint(ex), ex);
		}
	}

	/**
	 * Drops the tenant's database if it was created for the tenant.
	 * @param beforeDrop runs once the database is known to be the tenant's, just before it is dropped
	 * @return what happened
	 */
	DatabaseDrop drop(TenantId tenant, String database, Runnable beforeDrop) {
		try (Connection connection = this.maintenance.getConnection()) {
			lock(connection, database);
			Optional<String> mark = mark(connection, database);
			if (mark.isEmpty()) {
				return DatabaseDrop.ABSENT;
			}
			if (!tenant.value().equals(markedTenant(mark.get()))) {
				return DatabaseDrop.KEPT;
			}
			beforeDrop.run();
			// FORCE ends other sessions, where the owner role may end them; it drops nothing more than without it
			execute(connection, "DROP DATABASE %I WITH (FORCE)", database);
			return DatabaseDrop.DROPPED;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop " + describe(database) + " as the owner role '"
					+ this.server.getOwnerUsername() + "': " + ex.getMessage() + dropHint(ex), ex);
		}
	}

	/**
	 * The name a database is made under before it is renamed to {@code database}: the library's own, derived from
	 * the name, a valid identifier of 32 characters.
	 */
	static String pendingName(String database) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(database.getBytes(StandardCharsets.UTF_8));
			return "tenancy_pending_" + HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** Takes the session's advisory lock on the database name, released when the connection closes. */
	private static void lock(Connection connection, String database) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
			statement.setString(1, LOCK_PREFIX + database);
			statement.execute();
		}
	}

	/**
	 * Returns the database's comment ({@code ""} for none), or empty if there is no such database.
	 */
	private static Optional<String> mark(Connection connection, String database) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = ?")) {
			statement.setString(1, database);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
			}
		}
	}

	private static @Nullable String markedTenant(String comment) {
		return comment.startsWith(MARK) ? comment.substring(MARK.length()) : null;
	}

	/** Runs a utility statement written by {@code format()} from the template and the bound values. */
	private static void execute(Connection connection, String template, String... values) throws SQLException {
		String sql;
		try (PreparedStatement format = connection.prepareStatement(
				"select format(?" + ", ?".repeat(values.length) + ")")) {
			format.setString(1, template);
			for (int i = 0; i < values.length; i++) {
				format.setString(i + 2, values[i]);
			}
			try (ResultSet result = format.executeQuery()) {
				result.next();
				sql = result.getString(1);
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private String describe(String database) {
		return "database '" + database + "' on server '" + this.server.getName() + "'";
	}

	private String createHint(SQLException ex) {
		return INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState()) ? " (the owner role creates tenant databases and needs "
				+ "CREATEDB: ALTER ROLE " + this.server.getOwnerUsername() + " CREATEDB)" : "";
	}

	private static String dropHint(SQLException ex) {
		return (OBJECT_IN_USE.equals(ex.getSQLState()) || INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState()))
				? " (sessions of other roles or instances are still connected: other instances close their pools of "
						+ "it after tenancy.placement.database.idle-timeout; grant the owner role pg_signal_backend to "
						+ "have them ended at once, then try again)"
				: "";
	}

}
