package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.TenantId;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A tenant pool closed while it is still opening a connection: HikariCP stops waiting for it after its login
 * timeout and never closes it, and the budget takes the connection, and its permit, back.
 */
class ConnectionBudgetIT {

	private static final String APPLICATION_NAME = "connection-budget-it";

	static TenancyTestDatabase db;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(ConnectionBudgetIT.class);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@Test
	void aConnectionThatArrivesAfterItsPoolWasClosedIsClosedAndGivesItsPermitBack() throws Exception {
		ConnectionBudget budget = new ConnectionBudget(2, Duration.ofSeconds(5));
		CountDownLatch opening = new CountDownLatch(1);
		CountDownLatch poolClosed = new CountDownLatch(1);
		DriverManagerDataSource server = new DriverManagerDataSource(
				db.jdbcUrl() + "?ApplicationName=" + APPLICATION_NAME, TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD);
		// the real server, reached slowly: the connection arrives only once the pool has been closed, after the
		// pool stopped waiting for it (its login timeout, 1 s)
		DelegatingDataSource slowServer = new DelegatingDataSource(server) {

			@Override
			public Connection getConnection() throws SQLException {
				opening.countDown();
				try {
					poolClosed.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new SQLException(ex);
				}
				return super.getConnection();
			}

		};
		HikariConfig config = new HikariConfig();
		config.setPoolName("connection-budget-it");
		config.setDataSource(budget.guard(slowServer));
		config.setMaximumPoolSize(1);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(1000);
		config.setInitializationFailTimeout(-1);
		TenantPool pool = new TenantPool(new TenantPool.Key(TenantId.of("acme"), "primary", db.name()),
				new HikariDataSource(config), (closed) -> {
				}, System::nanoTime);

		CompletableFuture<Connection> borrow = CompletableFuture.supplyAsync(() -> {
			try {
				return pool.borrow();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(opening.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.close()).isTrue();
		poolClosed.countDown();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> borrow.get(10, TimeUnit.SECONDS));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(budget.open()).as("connections holding a permit").isZero();
			assertThat(backends()).as("the server's sessions of the pool").isZero();
		});
	}

	private static long backends() {
		return new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from pg_stat_activity where application_name = ?", Long.class, APPLICATION_NAME);
	}

}
