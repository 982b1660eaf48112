package dev.tenancy.jpa.pgbouncer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestPgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.ALL;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.CATALOG;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.tableOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Why SESSION mode must not run behind PgBouncer in transaction pooling mode, shown on one server connection
 * that every client shares ({@code default_pool_size = 1}): a session-level setting made by one client is what
 * the next client's transaction on that server connection runs with. These tests pin the hazard down; the
 * library refuses to start in that setup ({@code SessionModeStartupGuardBehindPgBouncerIT}).
 */
class SessionModeBehindPgBouncerIT {

	static TenancyTestDatabase db;

	static TenancyTestPgBouncer bouncer;

	@BeforeAll
	static void start() {
		bouncer = TenancyTestPgBouncer.start(1);
		db = TenancyTestDatabase.create(SessionModeBehindPgBouncerIT.class);
		PgBouncerTenants.migrate(db);
		for (String tenant : ALL) {
			db.executeAsAdmin("insert into " + tableOf(tenant) + " (tenant_id, id, name) values ('" + tenant
					+ "', gen_random_uuid(), '" + tenant + "-secret')");
		}
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

	@BeforeEach
	void everyTenantsRowIsThere() {
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		for (String tenant : ALL) {
			assertThat(admin.queryForList("select name from " + tableOf(tenant) + " where tenant_id = ?", String.class,
					tenant)).containsExactly(tenant + "-secret");
		}
	}

	@Test
	void sessionLevelSettingOfOneClientIsWhatAnotherClientsTransactionRunsWith() throws SQLException {
		try (Connection acme = appConnection(); Connection other = appConnection()) {
			int acmeBackend = queryInt(acme, "select pg_backend_pid() from (select set_config('app.tenant_id', 'acme', false)) s");
			other.setAutoCommit(false);
			// a client that never set a tenant: row-level security admits acme's rows to it
			assertThat(queryRow(other, "select pg_backend_pid()::text, current_setting('app.tenant_id', true), "
					+ "(select string_agg(name, ',') from projects)"))
				.containsExactly(Integer.toString(acmeBackend), "acme", "acme-secret");
			other.commit();
		}
	}

	@Test
	void librarysSessionModeHandsOneTenantsRowsToAnotherTenantAndToCodeWithNoTenant() throws SQLException {
		try (HikariDataSource clients = bouncer.newAppPool(db.name(), 3)) {
			TenantAwareDataSource session = new TenantAwareDataSource(clients, TenantConnectionMode.SESSION,
					TenantAwareDataSource.DEFAULT_SETTING_NAME, () -> CATALOG, () -> null);
			// each checkout sets the tenant (and search_path) for "the session": the one server connection
			try (Connection globex = checkout(session, "globex"); Connection none = checkout(session, null);
					Connection acme = checkout(session, "acme")) {
				// code with no tenant runs on the session acme's checkout set last
				assertThat(queryRow(none, "select string_agg(tenant_id || ':' || name, ','), "
						+ "current_setting('app.tenant_id', true) from projects"))
					.containsExactly("acme:acme-secret", "acme");
				// globex, a SCHEMA tenant, has lost its schema and its tenant: it reads acme's shared rows
				assertThat(queryRow(globex, "select string_agg(tenant_id || ':' || name, ','), "
						+ "current_setting('search_path') from projects"))
					.containsExactly("acme:acme-secret", "\"$user\", public");
				// and its own write is refused, or would land in the shared table
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> execute(globex, "insert into projects (tenant_id, id, name) values "
							+ "('globex', gen_random_uuid(), 'globex-new')"))
					.withMessageContaining("row-level security");
				// acme itself is fine only as long as nobody checks out after it
				assertThat(queryRow(acme, "select string_agg(name, ',') from projects")).containsExactly("acme-secret");
			}
		}
		assertThat(new JdbcTemplate(db.adminDataSource())
			.queryForObject("select count(*) from t_globex.projects where name = 'globex-new'", Integer.class)).isZero();
	}

	private static Connection checkout(TenantAwareDataSource dataSource, String tenant) throws SQLException {
		if (tenant == null) {
			return dataSource.getConnection();
		}
		try {
			return TenantContext.where(tenant).call(dataSource::getConnection);
		}
		catch (SQLException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Connection appConnection() throws SQLException {
		return DriverManager.getConnection(bouncer.jdbcUrl(db.name()), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD);
	}

	private static int queryInt(Connection connection, String sql) throws SQLException {
		return Integer.parseInt(queryRow(connection, sql).get(0));
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> queryRow(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			List<String> row = new ArrayList<>();
			for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
				row.add(rows.getString(column));
			}
			return row;
		}
	}

}
