package dev.tenancy.sample.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.tenancy.sample.bootstrap.DatabaseBootstrap.Target;
import dev.tenancy.test.TenancyTestDatabase;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bootstrap against a real server: what it creates, with which attributes and privileges, and that a second
 * run changes nothing.
 */
class DatabaseBootstrapIT {

	private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24)
		.toLowerCase(Locale.ROOT);

	private final Target target = new Target("sample_bootstrap_it_" + this.suffix, "sample_owner_" + this.suffix,
			"owner-secret", "sample_app_" + this.suffix, "it's-secret");

	private final DatabaseBootstrap bootstrap = new DatabaseBootstrap(TenancyTestDatabase.serverUrl(),
			LogFactory.getLog(DatabaseBootstrapIT.class));

	@AfterEach
	void dropEverything() throws SQLException {
		try (Connection connection = DriverManager.getConnection(TenancyTestDatabase.serverUrl());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.target.database() + " WITH (FORCE)");
			statement.execute("DROP ROLE IF EXISTS " + this.target.appRole());
			statement.execute("DROP ROLE IF EXISTS " + this.target.ownerRole());
		}
	}

	@Test
	void createsTheDatabaseOwnedByTheOwnerAndRolesThatCannotBypassRowLevelSecurity() {
		this.bootstrap.ensure(this.target);
		try (SingleConnectionDataSource admin = new SingleConnectionDataSource(TenancyTestDatabase.serverUrl(), true)) {
			JdbcTemplate jdbc = new JdbcTemplate(admin);
			for (String role : new String[] { this.target.ownerRole(), this.target.appRole() }) {
				Map<String, Object> attributes = jdbc.queryForMap(
						"select rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole from pg_roles where rolname = ?",
						role);
				assertThat(attributes).containsEntry("rolcanlogin", true)
					.containsEntry("rolsuper", false)
					.containsEntry("rolbypassrls", false)
					.containsEntry("rolcreatedb", role.equals(this.target.ownerRole()));
			}
			assertThat(jdbc.queryForObject(
					"select pg_get_userbyid(datdba) from pg_database where datname = ?", String.class,
					this.target.database()))
				.isEqualTo(this.target.ownerRole());
			assertThat(jdbc.queryForObject("select has_database_privilege(?, ?, 'CONNECT')", Boolean.class,
					this.target.appRole(), this.target.database()))
				.isTrue();
			assertThat(jdbc.queryForObject("select has_database_privilege(?, ?, 'CREATE')", Boolean.class,
					this.target.appRole(), this.target.database()))
				.isFalse();
			assertThat(jdbc.queryForObject("select has_database_privilege(?, ?, 'TEMPORARY')", Boolean.class,
					this.target.appRole(), this.target.database()))
				.as("PUBLIC's default privileges are revoked").isFalse();
		}
	}

	@Test
	void anOwnerRoleWithoutCreatedbGetsItAndTheRolesOfAnotherServerComeWithoutADatabase() {
		try (SingleConnectionDataSource admin = new SingleConnectionDataSource(TenancyTestDatabase.serverUrl(), true)) {
			JdbcTemplate jdbc = new JdbcTemplate(admin);
			jdbc.execute("CREATE ROLE " + this.target.ownerRole() + " LOGIN NOCREATEDB");

			this.bootstrap.ensureRoles(this.target);

			assertThat(jdbc.queryForList("select rolname || ' ' || rolcreatedb from pg_roles where rolname in (?, ?) "
					+ "order by rolname", String.class, this.target.ownerRole(), this.target.appRole()))
				.containsExactly(this.target.appRole() + " false", this.target.ownerRole() + " true");
			assertThat(jdbc.queryForObject("select count(*) from pg_database where datname = ?", Integer.class,
					this.target.database()))
				.isZero();
		}
	}

	@Test
	void runningAgainChangesNothing() {
		this.bootstrap.ensure(this.target);
		this.bootstrap.ensure(this.target);
		try (SingleConnectionDataSource admin = new SingleConnectionDataSource(TenancyTestDatabase.serverUrl(), true)) {
			assertThat(new JdbcTemplate(admin).queryForObject(
					"select count(*) from pg_database where datname = ?", Integer.class, this.target.database()))
				.isOne();
		}
	}

}
