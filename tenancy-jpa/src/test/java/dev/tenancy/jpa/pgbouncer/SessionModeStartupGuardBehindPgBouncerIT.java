package dev.tenancy.jpa.pgbouncer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestPgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose DataSource goes through PgBouncer in transaction pooling mode refuses to start in
 * SESSION mode, and starts in TRANSACTION mode. Migrations ran directly on PostgreSQL beforehand; the row-level
 * security start-up guard runs through PgBouncer as usual.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionModeStartupGuardBehindPgBouncerIT {

	static TenancyTestDatabase db;

	static TenancyTestPgBouncer bouncer;

	static ApplicationContextRunner runner;

	@BeforeAll
	static void start() {
		bouncer = TenancyTestPgBouncer.start();
		db = TenancyTestDatabase.create(SessionModeStartupGuardBehindPgBouncerIT.class);
		PgBouncerTenants.migrate(db);
		runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + bouncer.jdbcUrl(db.name()),
					"spring.datasource.username=" + TenancyTestDatabase.APP_ROLE,
					"spring.datasource.password=" + TenancyTestDatabase.PASSWORD, "tenancy.rls.flyway-migration=false");
	}

	@AfterAll
	static void stop() {
		if (db != null) {
			db.close();
		}
		if (bouncer != null) {
			bouncer.close();
		}
	}

	@Test
	void sessionModeBehindTransactionPoolingRefusesToStartAndPointsToTransactionMode() {
		runner.withPropertyValues("tenancy.jpa.connection-mode=SESSION")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("tenancy.jpa.connection-mode=SESSION is unsafe for DataSource 'dataSource'")
				.hasMessageContaining("share PostgreSQL sessions")
				.hasMessageContaining("Use tenancy.jpa.connection-mode=TRANSACTION"));
	}

	@Test
	void sessionModeBehindTransactionPoolingIsRefusedWithAPoolOfOneConnectionToo() {
		runner.withPropertyValues("tenancy.jpa.connection-mode=SESSION", "spring.datasource.hikari.maximum-pool-size=1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("tenancy.jpa.connection-mode=SESSION is unsafe"));
	}

	@Test
	void sessionModeIsRefusedBehindAPoolerThatRotatesItsServerConnectionsToo() throws Exception {
		try (TenancyTestPgBouncer roundRobin = TenancyTestPgBouncer.start(TenancyTestDatabase.serverUrl(), 3,
				Map.of("server_round_robin", "1"))) {
			openServerConnections(roundRobin, 3);
			runner.withPropertyValues("spring.datasource.url=" + roundRobin.jdbcUrl(db.name()),
					"tenancy.jpa.connection-mode=SESSION")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.hasMessageContaining("tenancy.jpa.connection-mode=SESSION is unsafe"));
		}
	}

	/** Holds as many transactions open at once as the pooler has server connections, so that all of them exist. */
	private static void openServerConnections(TenancyTestPgBouncer pooler, int count) throws SQLException {
		List<Connection> clients = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				Connection client = DriverManager.getConnection(pooler.jdbcUrl(db.name()), TenancyTestDatabase.APP_ROLE,
						TenancyTestDatabase.PASSWORD);
				clients.add(client);
				client.setAutoCommit(false);
				try (Statement statement = client.createStatement()) {
					statement.execute("select 1");
				}
			}
		}
		finally {
			for (Connection client : clients) {
				client.close();
			}
		}
	}

	@Test
	void sessionModeBehindTransactionPoolingStartsWithAWarningWhenDowngraded(CapturedOutput output) {
		runner.withPropertyValues("tenancy.jpa.connection-mode=SESSION", "tenancy.jpa.session-mode-guard=WARN")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("tenancy.jpa.connection-mode=SESSION is unsafe for DataSource 'dataSource'");
			});
	}

	@Test
	void transactionModeBehindTransactionPoolingStarts(CapturedOutput output) {
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(TenantAwareDataSource.class);
			assertThat(new JdbcTemplate(dataSource).queryForObject("select current_user", String.class))
				.isEqualTo(TenancyTestDatabase.APP_ROLE);
			assertThat(output).doesNotContain("connection-mode=SESSION is unsafe");
		});
	}

}
