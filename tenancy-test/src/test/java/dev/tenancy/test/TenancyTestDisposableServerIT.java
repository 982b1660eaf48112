package dev.tenancy.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TenancyTestDisposableServerIT {

	@AfterEach
	void clearSettings() {
		System.clearProperty("tenancy.test.pg-bin");
		System.clearProperty("tenancy.test.require-disposable-server");
	}

	@Test
	void missingBinariesSkipUnlessRequired() {
		System.setProperty("tenancy.test.pg-bin", "/nonexistent/bin");
		System.setProperty("tenancy.test.require-disposable-server", "false");
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(TenancyTestDisposableServer::create)
			.withMessageContaining("initdb and pg_ctl were not found in /nonexistent/bin")
			.withMessageContaining("TENANCY_TEST_REQUIRE_DISPOSABLE_SERVER=true to fail instead");
		System.setProperty("tenancy.test.require-disposable-server", "true");
		assertThatIllegalStateException().isThrownBy(TenancyTestDisposableServer::create)
			.withMessageContaining("fails rather than skips");
	}

	@Test
	void serverOfItsOwnCanBeStoppedStartedAndRestartedAndIsDeletedOnClose() throws Exception {
		Path data;
		try (TenancyTestDisposableServer postgres = TenancyTestDisposableServer.create()) {
			data = Path.of(query(postgres.serverUrl(), "show data_directory"));
			assertThat(query(postgres.serverUrl(), "show fsync")).isEqualTo("off");
			postgres.server().createDatabases(List.of("disposable_it"));
			postgres.server().executeAsAdmin("disposable_it", "create table t (x int); insert into t values (1)");
			assertThat(query(postgres.jdbcUrl("disposable_it") + "?user=postgres", "select count(*) from t")).isEqualTo("1");

			postgres.stop();
			assertThat(postgres.isRunning()).isFalse();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> query(postgres.serverUrl(), "select 1"));

			postgres.start();
			String pid = query(postgres.serverUrl(), "select pg_postmaster_start_time()::text");
			postgres.restart();
			assertThat(query(postgres.serverUrl(), "select pg_postmaster_start_time()::text")).isNotEqualTo(pid);
			assertThat(query(postgres.jdbcUrl("disposable_it") + "?user=postgres", "select count(*) from t")).isEqualTo("1");
		}
		assertThat(Files.exists(data)).isFalse();
	}

	private static String query(String url, String sql) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("connectTimeout", "2");
		try (Connection connection = DriverManager.getConnection(url, properties);
				Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
