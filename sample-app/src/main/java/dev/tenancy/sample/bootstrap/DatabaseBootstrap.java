package dev.tenancy.sample.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Creates the application's database and its two roles, if missing, through a superuser connection.
 * <p>
 * The owner role owns the database and runs migrations, and may create databases ({@code CREATEDB}): the
 * library creates the database of the {@code DATABASE} tenant with it. The runtime role may only connect (its
 * table privileges come from the migrations). Neither is a superuser or may bypass row-level security. Names are
 * validated against {@link #NAME} and quoted by PostgreSQL's own {@code format('%I')}; passwords are quoted
 * by {@code format('%L')}. Nothing that exists is changed, except that an owner role without {@code CREATEDB}
 * gets it, so a later start with a less privileged admin connection does no harm.
 */
final class DatabaseBootstrap {

	/** What database and role names may look like. */
	static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final String adminUrl;

	private final Log log;

	DatabaseBootstrap(String adminUrl, Log log) {
		this.adminUrl = adminUrl;
		this.log = log;
	}

	/**
	 * Makes the database and roles exist.
	 * @param target what must exist
	 * @throws DatabaseBootstrapException if the server cannot be reached or refuses
	 */
	void ensure(Target target) {
		ensure(target, true);
	}

	/**
	 * Makes the two roles exist, for a server whose databases the library creates.
	 * @param target the roles; its database is not created
	 * @throws DatabaseBootstrapException if the server cannot be reached or refuses
	 */
	void ensureRoles(Target target) {
		ensure(target, false);
	}

	private void ensure(Target target, boolean withDatabase) {
		try (Connection connection = connect()) {
			List<String> created = new ArrayList<>();
			if (!exists(connection, "select 1 from pg_roles where rolname = ?", target.ownerRole())) {
				execute(connection, "CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB PASSWORD %L",
						target.ownerRole(), target.ownerPassword());
				created.add("role " + target.ownerRole());
			}
			else if (!exists(connection, "select 1 from pg_roles where rolname = ? and rolcreatedb",
					target.ownerRole())) {
				execute(connection, "ALTER ROLE %I CREATEDB", target.ownerRole());
				created.add("CREATEDB for role " + target.ownerRole());
			}
			if (!exists(connection, "select 1 from pg_roles where rolname = ?", target.appRole())) {
				execute(connection,
						"CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L",
						target.appRole(), target.appPassword());
				created.add("role " + target.appRole());
			}
			if (!withDatabase) {
				logCreated(created, "Roles " + target.ownerRole() + " and " + target.appRole() + " exist already");
				return;
			}
			boolean newAppRole = created.contains("role " + target.appRole());
			if (!exists(connection, "select 1 from pg_database where datname = ?", target.database())) {
				// CREATE DATABASE cannot run in a transaction; this connection is in autocommit
				execute(connection, "CREATE DATABASE %I OWNER %I", target.database(), target.ownerRole());
				created.add("database " + target.database() + " owned by " + target.ownerRole());
			}
			else if (!newAppRole) {
				logCreated(created, "Database " + target.database() + " and its roles exist already");
				return;
			}
			execute(connection, "REVOKE ALL ON DATABASE %I FROM PUBLIC", target.database());
			execute(connection, "GRANT CONNECT ON DATABASE %I TO %I", target.database(), target.appRole());
			logCreated(created, "Database " + target.database() + " and its roles exist already");
		}
		catch (SQLException ex) {
			throw new DatabaseBootstrapException("Could not create database '" + target.database()
					+ "' and its roles through " + redacted(this.adminUrl) + ": " + ex.getMessage(),
					"Make sample.bootstrap.admin-url a superuser connection to your PostgreSQL server, or create "
							+ "the database and roles yourself and set sample.bootstrap.enabled=false.",
					ex);
		}
	}

	private void logCreated(List<String> created, String nothing) {
		if (created.isEmpty()) {
			this.log.debug(nothing);
		}
		else {
			this.log.info("Created " + String.join(", ", created) + " on " + redacted(this.adminUrl));
		}
	}

	private Connection connect() {
		try {
			return DriverManager.getConnection(this.adminUrl, new Properties());
		}
		catch (SQLException ex) {
			String state = ex.getSQLState();
			if (state != null && state.startsWith("08")) {
				throw new DatabaseBootstrapException("No PostgreSQL server is reachable at " + redacted(this.adminUrl)
						+ " (" + firstSentence(ex.getMessage()) + "). The sample app keeps its data in PostgreSQL and "
						+ "creates its database on first start through a superuser connection.",
						"""
								Start a PostgreSQL server on localhost:5432 that the superuser 'postgres' can reach, \
								for example on Debian or Ubuntu:
								    sudo apt-get install postgresql && sudo pg_ctlcluster 15 main start
								or, with Docker, start the app through Spring Boot's Testcontainers development-time \
								support (TestSampleApplication, see README.md). For another server, set \
								sample.bootstrap.admin-url and spring.datasource.url.""",
						ex);
			}
			throw new DatabaseBootstrapException(
					"Could not connect to PostgreSQL through " + redacted(this.adminUrl) + ": " + ex.getMessage(),
					"Make sample.bootstrap.admin-url a superuser connection (user and password in the URL), or "
							+ "create the database and roles yourself and set sample.bootstrap.enabled=false.",
					ex);
		}
	}

	private static boolean exists(Connection connection, String sql, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	/**
	 * Runs a utility statement, which cannot take bind parameters, built by PostgreSQL's {@code format()} from
	 * bound values so that identifiers and literals are quoted by the server itself.
	 */
	private static void execute(Connection connection, String template, @Nullable String... values)
			throws SQLException {
		StringBuilder call = new StringBuilder("select format(?");
		for (int i = 0; i < values.length; i++) {
			call.append(", ?");
		}
		call.append(')');
		String sql;
		try (PreparedStatement format = connection.prepareStatement(call.toString())) {
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

	private static String firstSentence(@Nullable String message) {
		if (message == null) {
			return "no reason given";
		}
		int end = message.indexOf(". ");
		return (end < 0) ? message : message.substring(0, end);
	}

	static String redacted(String url) {
		return url.replaceAll("(?i)password=[^&]*", "password=***");
	}

	/**
	 * What must exist.
	 *
	 * @param database the database name
	 * @param ownerRole the role that owns the database and runs migrations
	 * @param ownerPassword its password, or {@code null} for none
	 * @param appRole the restricted runtime role
	 * @param appPassword its password, or {@code null} for none
	 */
	record Target(String database, String ownerRole, @Nullable String ownerPassword, String appRole,
			@Nullable String appPassword) {

		Target {
			requireName(database, "database name (from spring.datasource.url)");
			requireName(ownerRole, "owner role (spring.flyway.user)");
			requireName(appRole, "runtime role (spring.datasource.username)");
			if (ownerRole.equals(appRole)) {
				throw new DatabaseBootstrapException(
						"The runtime role and the owner role are both '" + appRole
								+ "'; row-level security cannot protect tables from their owner.",
						"Set spring.datasource.username and spring.flyway.user to two different roles.");
			}
		}

		private static void requireName(String name, String what) {
			if (!NAME.matcher(name).matches()) {
				throw new DatabaseBootstrapException("The " + what + " '" + name + "' is not a plain identifier.",
						"Use a name matching " + NAME.pattern() + ", or set sample.bootstrap.enabled=false and "
								+ "create the database and roles yourself.");
			}
		}

	}

}
