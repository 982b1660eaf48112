package dev.tenancy.jpa.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PostgreSQL facts that bite, each shown against the shipped policy, as the restricted runtime role.
 */
class RlsHazardsIT {

	static TenancyTestDatabase db;

	static HikariDataSource app;

	final UUID globexProject = UUID.randomUUID();

	@BeforeAll
	static void migrate() {
		db = TenancyTestDatabase.create(RlsHazardsIT.class);
		TenancySchema.migrate(db);
		app = db.newAppPool(2);
	}

	@AfterAll
	static void drop() {
		app.close();
		db.close();
	}

	@BeforeEach
	void seed() {
		db.executeAsAdmin("delete from tasks; delete from projects; insert into projects (tenant_id, id, name, code) "
				+ "values ('globex', '" + this.globexProject + "', 'G1', 'SECRET-1')");
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from projects where tenant_id = 'globex'", Long.class)).isEqualTo(1);
	}

	@Test
	void freshConnectionWithNoTenantSeesNothingAndCannotWrite() throws SQLException {
		try (Connection connection = app.getConnection()) {
			assertThat(count(connection)).isZero();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> insert(connection, "acme"))
				.withMessageContaining("row-level security");
		}
	}

	@Test
	void afterCommitTheSettingReadsAsEmptyStringAndMatchesNothing() throws SQLException {
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			setLocal(connection, "globex");
			assertThat(count(connection)).isEqualTo(1);
			connection.commit();
			assertThat(setting(connection)).isEmpty(); // '' and not NULL: the reason for NULLIF in the policy
			assertThat(count(connection)).isZero();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> insert(connection, ""));
			connection.rollback();
		}
	}

	@Test
	void afterRollbackTheTenantIsGone() throws SQLException {
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			setLocal(connection, "globex");
			connection.rollback();
			assertThat(count(connection)).isZero();
			connection.rollback();
		}
	}

	@Test
	void inAutocommitATransactionLocalSettingLastsOneStatement() throws SQLException {
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(true);
			setLocal(connection, "globex");
			assertThat(count(connection)).isZero();
		}
	}

	@Test
	void onConflictDoUpdateCannotReachAnotherTenantsRowAndRevealsNothing() throws SQLException {
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			setLocal(connection, "acme");
			try (PreparedStatement upsert = connection.prepareStatement("insert into projects (tenant_id, id, name, code) "
					+ "values ('acme', ?, 'A1', 'SECRET-1') on conflict (tenant_id, code) do update set name = 'overwritten'")) {
				upsert.setObject(1, this.globexProject);
				assertThat(upsert.executeUpdate()).isEqualTo(1);
			}
			connection.commit();
		}
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		assertThat(admin.queryForObject("select name from projects where tenant_id = 'globex'", String.class))
			.isEqualTo("G1");
		// the same id and natural key now exist for both tenants: no duplicate-key oracle
		assertThat(admin.queryForObject("select count(*) from projects where id = ? and code = 'SECRET-1'", Long.class,
				this.globexProject)).isEqualTo(2);
	}

	@Test
	void updateCannotMoveAnOwnRowToAnotherTenant() throws SQLException {
		db.executeAsAdmin("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A1')");
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			setLocal(connection, "acme");
			try (Statement statement = connection.createStatement()) {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.executeUpdate("update projects set tenant_id = 'globex'"))
					.withMessageContaining("row-level security");
			}
			connection.rollback();
		}
	}

	@Test
	void selectForUpdateNeitherReturnsNorLocksAnotherTenantsRow() throws SQLException {
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			setLocal(connection, "acme");
			try (PreparedStatement select = connection.prepareStatement("select * from projects where id = ? for update nowait")) {
				select.setObject(1, this.globexProject);
				try (ResultSet rows = select.executeQuery()) {
					assertThat(rows.next()).isFalse();
				}
			}
			// globex can still lock its row at once: acme's statement took no lock on it
			try (Connection globex = app.getConnection()) {
				globex.setAutoCommit(false);
				setLocal(globex, "globex");
				try (PreparedStatement select = globex.prepareStatement("select * from projects where id = ? for update nowait")) {
					select.setObject(1, this.globexProject);
					try (ResultSet rows = select.executeQuery()) {
						assertThat(rows.next()).isTrue();
					}
				}
				globex.rollback();
			}
			connection.rollback();
		}
	}

	@Test
	void runtimeRoleHasNeitherTruncateNorReferences() throws SQLException {
		try (Connection connection = app.getConnection(); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("truncate projects"))
				.withMessageContaining("permission denied");
			try (ResultSet privileges = statement.executeQuery("select has_table_privilege('projects', 'REFERENCES'), "
					+ "has_table_privilege('tasks', 'TRUNCATE')")) {
				privileges.next();
				assertThat(privileges.getBoolean(1)).isFalse();
				assertThat(privileges.getBoolean(2)).isFalse();
			}
		}
	}

	@Test
	void referencingAnotherTenantsRowFailsExactlyLikeReferencingAMissingOne() throws SQLException {
		String toOtherTenant = taskInsertError(this.globexProject);
		UUID missing = UUID.randomUUID();
		String toMissing = taskInsertError(missing);
		assertThat(toOtherTenant.replace(this.globexProject.toString(), "<id>"))
			.isEqualTo(toMissing.replace(missing.toString(), "<id>"));
	}

	@Test
	void genericPlansStayCorrectAcrossTenantsOnOneConnection() throws SQLException {
		db.executeAsAdmin("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A1'), "
				+ "('acme', gen_random_uuid(), 'A2')");
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("set plan_cache_mode = force_generic_plan");
			}
			connection.commit();
			try (PreparedStatement select = connection.prepareStatement("select count(*) from projects where name like ?")) {
				for (int i = 0; i < 12; i++) {
					String tenant = (i % 2 == 0) ? "acme" : "globex";
					setLocal(connection, tenant);
					select.setString(1, "%");
					try (ResultSet rows = select.executeQuery()) {
						rows.next();
						assertThat(rows.getLong(1)).as("round %d for %s", i, tenant).isEqualTo(tenant.equals("acme") ? 2 : 1);
					}
					connection.commit();
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("reset plan_cache_mode");
			}
			connection.commit();
		}
	}

	private String taskInsertError(UUID projectId) throws SQLException {
		try (Connection connection = app.getConnection()) {
			connection.setAutoCommit(false);
			setLocal(connection, "acme");
			try (PreparedStatement insert = connection.prepareStatement(
					"insert into tasks (tenant_id, id, project_id, title) values ('acme', gen_random_uuid(), ?, 't')")) {
				insert.setObject(1, projectId);
				insert.executeUpdate();
				throw new AssertionError("insert referencing " + projectId + " was accepted");
			}
			catch (SQLException ex) {
				assertThat(ex.getSQLState()).isEqualTo("23503");
				return ex.getSQLState() + " " + ex.getMessage();
			}
			finally {
				connection.rollback();
			}
		}
	}

	static void setLocal(Connection connection, String tenant) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			set.setString(1, tenant);
			set.execute();
		}
	}

	private static String setting(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static long count(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from projects")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void insert(Connection connection, String tenant) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), 'x')")) {
			insert.setString(1, tenant);
			insert.executeUpdate();
		}
	}

}
