package dev.tenancy.test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TenancyTestPgBouncerIT {

	@AfterEach
	void clearSettings() {
		System.clearProperty("tenancy.test.pgbouncer");
		System.clearProperty("tenancy.test.require-pgbouncer");
	}

	@Test
	void missingPgBouncerSkipsUnlessRequired() {
		System.setProperty("tenancy.test.pgbouncer", "/nonexistent/pgbouncer");
		System.setProperty("tenancy.test.require-pgbouncer", "false");
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(TenancyTestPgBouncer::start)
			.withMessageContaining("PgBouncer is not installed at /nonexistent/pgbouncer")
			.withMessageContaining("TENANCY_TEST_REQUIRE_PGBOUNCER=true to fail instead");
		System.setProperty("tenancy.test.require-pgbouncer", "true");
		assertThatIllegalStateException().isThrownBy(TenancyTestPgBouncer::start)
			.withMessageContaining("apt-get install pgbouncer")
			.withMessageContaining("fails rather than skips");
	}

	@Test
	void clientConnectionsTakeTurnsOnTheServerConnectionsOfATransactionPoolingPgBouncer() throws Exception {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenancyTestPgBouncerIT.class);
				TenancyTestPgBouncer bouncer = TenancyTestPgBouncer.start(1);
				Connection first = DriverManager.getConnection(bouncer.jdbcUrl(db.name()), TenancyTestDatabase.APP_ROLE,
						TenancyTestDatabase.PASSWORD);
				Connection second = DriverManager.getConnection(bouncer.jdbcUrl(db.name()), TenancyTestDatabase.APP_ROLE,
						TenancyTestDatabase.PASSWORD)) {
			assertThat(query(first, "select current_user || '@' || current_database()"))
				.isEqualTo(TenancyTestDatabase.APP_ROLE + "@" + db.name());
			// two client connections open at once, one server connection: both run on the same backend
			assertThat(query(second, "select pg_backend_pid()")).isEqualTo(query(first, "select pg_backend_pid()"));
			assertThat(bouncer.version()).matches("\\d+\\.\\d+(\\.\\d+)?");
			assertThat(bouncer.jdbcUrl("x")).startsWith("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/x");
		}
	}

	@Test
	void aPoolThroughPgBouncerRunsPreparedStatementsRepeatedly() throws Exception {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenancyTestPgBouncerIT.class);
				TenancyTestPgBouncer bouncer = TenancyTestPgBouncer.start();
				HikariDataSource pool = bouncer.newAppPool(db.name(), 6)) {
			// more executions than the driver's prepareThreshold (5), on connections that change server sessions
			for (int i = 0; i < 20; i++) {
				try (Connection connection = pool.getConnection();
						var statement = connection.prepareStatement("select ?::int + 1")) {
					statement.setInt(1, i);
					try (ResultSet rows = statement.executeQuery()) {
						rows.next();
						assertThat(rows.getInt(1)).isEqualTo(i + 1);
					}
				}
			}
		}
	}

	@Test
	void closeStopsPgBouncer() {
		TenancyTestPgBouncer bouncer = TenancyTestPgBouncer.start();
		int port = bouncer.port();
		bouncer.close();
		assertThatExceptionOfType(java.io.IOException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			}
		});
	}

	@Test
	void readsHostAndPortOfAJdbcUrl() {
		assertThat(TenancyTestPgBouncer.HostAndPort.of("jdbc:postgresql://localhost:5432/postgres?user=postgres"))
			.isEqualTo(new TenancyTestPgBouncer.HostAndPort("127.0.0.1", 5432));
		assertThat(TenancyTestPgBouncer.HostAndPort.of("jdbc:postgresql://db.internal/app"))
			.isEqualTo(new TenancyTestPgBouncer.HostAndPort("db.internal", 5432));
		assertThat(TenancyTestPgBouncer.supportsPreparedStatements("1.18.0")).isFalse();
		assertThat(TenancyTestPgBouncer.supportsPreparedStatements("1.21.0")).isTrue();
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
