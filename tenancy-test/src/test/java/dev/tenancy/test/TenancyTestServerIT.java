package dev.tenancy.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TenancyTestServerIT {

	@AfterEach
	void clearSettings() {
		System.clearProperty("tenancy.test.second-jdbc-url");
		System.clearProperty("tenancy.test.require-second-server");
	}

	@Test
	void createsDatabasesOnTheSecondServerForTheTestRoles() throws SQLException {
		TenancyTestServer second = TenancyTestServer.second();
		String name = "tenancy_it_server_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
		second.createDatabases(List.of(name));
		try {
			try (Connection app = DriverManager.getConnection(second.jdbcUrl(name), TenancyTestDatabase.APP_ROLE,
					TenancyTestDatabase.PASSWORD); Statement statement = app.createStatement();
					ResultSet row = statement.executeQuery("select current_database(), current_user, "
							+ "(select pg_get_userbyid(datdba) from pg_database where datname = current_database())")) {
				row.next();
				assertThat(row.getString(1)).isEqualTo(name);
				assertThat(row.getString(2)).isEqualTo(TenancyTestDatabase.APP_ROLE);
				assertThat(row.getString(3)).isEqualTo(TenancyTestDatabase.OWNER_ROLE);
			}
			try (Connection admin = second.adminConnection(name); Statement statement = admin.createStatement();
					ResultSet row = statement.executeQuery("select inet_server_port()")) {
				row.next();
				assertThat(row.getInt(1)).isNotEqualTo(firstServerPort());
			}
		}
		finally {
			second.dropDatabases(List.of(name));
		}
		try (Connection admin = second.adminConnection("postgres"); Statement statement = admin.createStatement();
				ResultSet row = statement.executeQuery("select count(*) from pg_database where datname = '" + name + "'")) {
			row.next();
			assertThat(row.getLong(1)).isZero();
		}
	}

	@Test
	void createsDatabasesAsCopiesOfATemplateOpenToTheRuntimeRoleOnly() throws SQLException {
		TenancyTestServer first = TenancyTestServer.first();
		String prefix = "tenancy_it_tmpl_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24) + "_";
		String template = prefix + "template";
		List<String> copies = List.of(prefix + "a", prefix + "b");
		first.createDatabases(List.of(template));
		try {
			first.executeAsAdmin(template, "create table marker (value text); insert into marker values ('copied'); "
					+ "grant select on marker to " + TenancyTestDatabase.APP_ROLE);
			first.createDatabases(copies, template);
			for (String copy : copies) {
				try (Connection app = DriverManager.getConnection(first.jdbcUrl(copy), TenancyTestDatabase.APP_ROLE,
						TenancyTestDatabase.PASSWORD); Statement statement = app.createStatement();
						ResultSet row = statement.executeQuery("select current_database(), (select value from marker), "
								+ "(select pg_get_userbyid(datdba) from pg_database where datname = current_database()), "
								+ "has_database_privilege('public', current_database(), 'connect')")) {
					row.next();
					assertThat(row.getString(1)).isEqualTo(copy);
					assertThat(row.getString(2)).isEqualTo("copied");
					assertThat(row.getString(3)).isEqualTo(TenancyTestDatabase.OWNER_ROLE);
					assertThat(row.getBoolean(4)).as("PUBLIC may connect").isFalse();
				}
			}
		}
		finally {
			first.dropDatabases(copies);
			first.dropDatabases(List.of(template));
		}
	}

	@Test
	void urlTemplateHasTheDatabasePlaceholderAndNoCredentials() {
		assertThat(TenancyTestServer.second().jdbcUrlTemplate()).startsWith("jdbc:postgresql://")
			.endsWith("/{database}")
			.doesNotContain("user=");
		assertThat(TenancyTestServer.first().jdbcUrl("t_acme")).endsWith("/t_acme").doesNotContain("user=");
	}

	@Test
	void unreachableSecondServerSkipsUnlessRequired() {
		System.setProperty("tenancy.test.second-jdbc-url", "jdbc:postgresql://127.0.0.1:5499/postgres?user=postgres&password=s3cret");
		System.setProperty("tenancy.test.require-second-server", "false");
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(TenancyTestServer::second)
			.withMessageContaining("TENANCY_TEST_REQUIRE_SECOND_SERVER=true to fail instead");
		System.setProperty("tenancy.test.require-second-server", "true");
		assertThatIllegalStateException().isThrownBy(TenancyTestServer::second)
			.withMessageContaining("127.0.0.1:5499")
			.withMessageContaining("fails rather than skips")
			.withMessageNotContaining("s3cret");
	}

	private static int firstServerPort() throws SQLException {
		try (Connection admin = TenancyTestServer.first().adminConnection("postgres");
				Statement statement = admin.createStatement();
				ResultSet row = statement.executeQuery("select inet_server_port()")) {
			row.next();
			return row.getInt(1);
		}
	}

}
