package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import java.util.List;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSourceIT.Fixture;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Read-only work ({@code TenantContext.where(tenant).readOnly()}) reads its tenant's rows and PostgreSQL refuses
 * every write it tries, on every path a statement takes; the connection it used serves the next user read-write.
 */
class ReadOnlyTenantAccessIT {

	/** PostgreSQL's SQL state for a write in a read-only transaction. */
	private static final String READ_ONLY_SQL_TRANSACTION = "25006";

	static TenancyTestDatabase db;

	HikariDataSource poolOfOne;

	@BeforeAll
	static void migrate() {
		db = TenancyTestDatabase.create(ReadOnlyTenantAccessIT.class);
		TenancySchema.migrate(db);
		db.executeAsAdmin("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A1'), "
				+ "('acme', gen_random_uuid(), 'A2'), ('globex', gen_random_uuid(), 'G1')");
		// a table that is not tenant data: row-level security does not guard it
		db.executeAsAdmin("create table page_views (n int); grant select, insert on page_views to "
				+ TenancyTestDatabase.APP_ROLE);
	}

	@AfterAll
	static void drop() {
		db.close();
	}

	@AfterEach
	void closePool() {
		if (this.poolOfOne != null) {
			this.poolOfOne.close();
		}
		assertThat(unchanged()).as("rows named 'changed' or 'new', seen as the administrator").isZero();
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject("select count(*) from page_views",
				Long.class)).as("page views written").isZero();
	}

	@ParameterizedTest(name = "{0}, tenant with the first statement: {1}")
	@CsvSource({ "TRANSACTION, true", "TRANSACTION, false", "SESSION, false" })
	void readOnlyWorkReadsItsTenantAndEveryWriteIsRefused(TenantConnectionMode mode, boolean withFirstStatement) {
		Fixture fixture = fixture(mode, withFirstStatement);
		TenantContext.where("acme").readOnly().run(() -> fixture.tx.executeWithoutResult((status) -> {
			assertThat(fixture.jdbc.queryForObject("select count(*) from projects where name <> ?", Long.class, "x"))
				.isEqualTo(2);
			assertThat(fixture.jdbc.queryForObject("show transaction_read_only", String.class)).isEqualTo("on");
		}));
		assertRefused(fixture, (jdbc) -> jdbc.update("update projects set name = ? where name <> ?", "changed", "x"));
		assertRefused(fixture, (jdbc) -> jdbc.update("update projects set name = 'changed'"));
		assertRefused(fixture, (jdbc) -> jdbc.update("insert into projects (tenant_id, id, name) "
				+ "values ('acme', gen_random_uuid(), 'new')"));
		assertRefused(fixture, (jdbc) -> jdbc.batchUpdate("delete from projects where name = 'A1'",
				"update projects set name = 'changed'"));
		assertRefused(fixture, (jdbc) -> jdbc.execute("create table sneaky (id int)"));
		Integer updated = TenantContext.where("acme")
			.get(() -> fixture.tx.execute((status) -> fixture.jdbc.update("update projects set name = name")));
		assertThat(updated).as("read-write work after it, on the same connection").isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void everyTransactionOfReadOnlyWorkOnOneConnectionIsReadOnly(TenantConnectionMode mode) throws SQLException {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, mode, "app.tenant_id");
		try (TenantContext.Binding binding = TenantContext.bind(TenantId.of("acme"), true);
				Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			for (int transaction = 0; transaction < 3; transaction++) {
				try (Statement statement = connection.createStatement()) {
					assertThat(readOnly(statement)).as("transaction %d", transaction).isEqualTo("on");
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> statement.executeUpdate("update projects set name = 'changed'"))
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(READ_ONLY_SQL_TRANSACTION));
				}
				connection.rollback();
			}
			connection.setSavepoint();
			try (Statement statement = connection.createStatement()) {
				assertThat(readOnly(statement)).as("after a savepoint").isEqualTo("on");
			}
			connection.rollback();
		}
	}

	@Test
	void readOnlyWorkCannotTurnItsTransactionReadWrite() {
		Fixture fixture = fixture(TenantConnectionMode.TRANSACTION, true);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> TenantContext.where("acme").readOnly().run(() -> fixture.tx.executeWithoutResult(
					(status) -> fixture.jdbc.execute("set transaction read write"))))
			.withMessageContaining("must be set before any query");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> TenantContext.where("acme").readOnly().run(() -> fixture.tx.executeWithoutResult(
					(status) -> fixture.jdbc.queryForObject("select set_config('transaction_read_only', 'off', true)",
							String.class))))
			.withMessageContaining("must be set before any query");
	}

	@ParameterizedTest(name = "{0}, tenant with the first statement: {1}")
	@CsvSource({ "TRANSACTION, true", "TRANSACTION, false", "SESSION, false" })
	void readOnlyWorkIsRefusedEveryStatementInAutocommit(TenantConnectionMode mode, boolean withFirstStatement) {
		Fixture fixture = fixture(mode, withFirstStatement);
		for (Runnable statement : List.<Runnable>of(() -> fixture.jdbc.update("insert into page_views values (?)", 1),
				() -> fixture.jdbc.update("insert into page_views values (1)"),
				() -> fixture.jdbc.execute("start transaction read write; update projects set name = 'changed'; "
						+ "commit"),
				() -> fixture.jdbc.queryForObject("select count(*) from page_views", Long.class))) {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> TenantContext.where("acme").readOnly().run(statement))
				.satisfies((ex) -> assertThat(sqlState(ex)).isEqualTo(READ_ONLY_SQL_TRANSACTION))
				.withMessageContaining("ran in autocommit");
		}
		assertThat(TenantContext.where("acme").get(() -> fixture.jdbc.update("insert into page_views values (0)")))
			.as("read-write work in autocommit, as before").isEqualTo(1);
		db.executeAsAdmin("delete from page_views");
	}

	@Test
	void sessionModeKeepsEachTransactionReadOnlyWhateverTheSessionIsSetTo() throws SQLException {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, TenantConnectionMode.SESSION,
				"app.tenant_id");
		try (TenantContext.Binding binding = TenantContext.bind(TenantId.of("acme"), true);
				Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			// the session's default is the application's to change, but each transaction is made read-only again
			statement.execute("set default_transaction_read_only = off");
			statement.execute("set session characteristics as transaction read write");
			connection.commit();
			assertThat(readOnly(statement)).as("the next transaction").isEqualTo("on");
			connection.commit();
			connection.setReadOnly(false);
			assertThat(connection.isReadOnly()).isTrue();
			for (int transaction = 0; transaction < 2; transaction++) {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.executeUpdate("update projects set name = 'changed'"))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(READ_ONLY_SQL_TRANSACTION));
				connection.rollback();
			}
			try (PreparedStatement update = connection.prepareStatement("update projects set name = ?")) {
				update.setString(1, "changed");
				assertThatExceptionOfType(SQLException.class).isThrownBy(update::executeUpdate)
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(READ_ONLY_SQL_TRANSACTION));
			}
			connection.rollback();
		}
	}

	@Test
	void springResettingAConnectionItMadeReadOnlyDoesNotWidenIt() throws SQLException {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(db.jdbcUrl());
		config.setUsername(TenancyTestDatabase.APP_ROLE);
		config.setPassword(TenancyTestDatabase.PASSWORD);
		config.setMaximumPoolSize(1);
		config.addDataSourceProperty("readOnlyMode", "always");
		this.poolOfOne = new HikariDataSource(config);
		for (TenantConnectionMode mode : TenantConnectionMode.values()) {
			TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, mode, "app.tenant_id");
			try (TenantContext.Binding binding = TenantContext.bind(TenantId.of("acme"), true);
					Connection connection = dataSource.getConnection()) {
				// as DataSourceUtils does around a @Transactional(readOnly = true) method, then a read-write one
				connection.setReadOnly(true);
				connection.setAutoCommit(false);
				connection.commit();
				connection.setAutoCommit(true);
				connection.setReadOnly(false);
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					assertThatExceptionOfType(SQLException.class).as(mode.name())
						.isThrownBy(() -> statement.executeUpdate("update projects set name = 'changed'"))
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(READ_ONLY_SQL_TRANSACTION));
				}
				connection.rollback();
			}
		}
	}

	@Test
	void sessionModePutsTheSessionsDefaultBackWhenAConnectionOfReadOnlyWorkIsReturned() throws SQLException {
		Fixture fixture = fixture(TenantConnectionMode.SESSION, false);
		String duringTheWork = TenantContext.where("acme").readOnly()
			.get(() -> fixture.tx.execute((status) -> fixture.jdbc.queryForObject("show default_transaction_read_only",
					String.class)));
		assertThat(duringTheWork).isEqualTo("on");
		try (Connection raw = this.poolOfOne.getConnection(); Statement statement = raw.createStatement();
				ResultSet rows = statement.executeQuery("show default_transaction_read_only")) {
			rows.next();
			assertThat(rows.getString(1)).as("the pooled connection, returned").isEqualTo("off");
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void theNextUserOfAPoolThatKeepsTheDriversReadOnlyFlagCanWrite(TenantConnectionMode mode) throws SQLException {
		SingleConnectionDataSource single = new SingleConnectionDataSource(db.jdbcUrl(), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD, true);
		try {
			TenantAwareDataSource dataSource = new TenantAwareDataSource(single, mode, "app.tenant_id");
			try (TenantContext.Binding binding = TenantContext.bind(TenantId.of("acme"), true);
					Connection connection = dataSource.getConnection()) {
				connection.setReadOnly(true);
				connection.setReadOnly(false);
			}
			try (TenantContext.Binding binding = TenantContext.bind(TenantId.of("acme"));
					Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement()) {
				assertThat(connection.isReadOnly()).isFalse();
				connection.setAutoCommit(false);
				assertThat(statement.executeUpdate("update projects set name = name")).isEqualTo(2);
				connection.rollback();
			}
		}
		finally {
			single.destroy();
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void aStatementPreparedForReadWriteWorkDoesNotRunInsideReadOnlyWorkWithItsTenantOrNone(TenantConnectionMode mode)
			throws SQLException {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, mode, "app.tenant_id");
		try (TenantContext.Binding binding = TenantContext.bind(TenantId.of("acme"));
				Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement update = connection.prepareStatement("update projects set name = ?")) {
				update.setString(1, "changed");
				assertThatExceptionOfType(TenantMismatchException.class)
					.isThrownBy(() -> TenantContext.where("acme").readOnly().call(update::executeUpdate))
					.withMessageContaining("read-only work on it is bound now");
				try (TenantContext.Binding readOnlyWithoutTenant = TenantContext.bind(null, true)) {
					assertThatExceptionOfType(TenantMismatchException.class).isThrownBy(update::executeUpdate)
						.withMessageContaining("read-only work on it is bound now");
				}
			}
			connection.rollback();
		}
	}
	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void readOnlyWorkBoundInsideAReadWriteTransactionOfItsTenantIsRefused(TenantConnectionMode mode) {
		Fixture fixture = fixture(mode, true);
		long seen = TenantContext.where("acme").get(() -> fixture.tx.execute((status) -> {
			fixture.jdbc.queryForObject("select 1", Integer.class);
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("acme").readOnly()
					.run(() -> fixture.jdbc.update("update projects set name = 'changed'")))
				.withMessageContaining("read-only work on it is bound now");
			return fixture.jdbc.queryForObject("select count(*) from projects", Long.class);
		}));
		assertThat(seen).isEqualTo(2);
	}

	private static void assertRefused(Fixture fixture, Consumer<JdbcTemplate> write) {
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> TenantContext.where("acme").readOnly()
				.run(() -> fixture.tx.executeWithoutResult((status) -> write.accept(fixture.jdbc))))
			.satisfies((ex) -> assertThat(sqlState(ex)).isEqualTo(READ_ONLY_SQL_TRANSACTION));
	}

	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return "none";
	}

	private static String readOnly(Statement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery("show transaction_read_only")) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static long unchanged() {
		return new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from projects where name in ('changed', 'new') or name not in ('A1', 'A2', 'G1')",
				Long.class);
	}

	private Fixture fixture(TenantConnectionMode mode, boolean withFirstStatement) {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, mode, "app.tenant_id");
		dataSource.setTenantWithFirstStatement(withFirstStatement);
		return new Fixture(dataSource);
	}

}
