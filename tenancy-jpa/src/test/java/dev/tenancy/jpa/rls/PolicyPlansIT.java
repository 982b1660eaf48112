package dev.tenancy.jpa.rls;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How PostgreSQL plans statements under the shipped policy, as the restricted runtime role with generic plans
 * (what a prepared statement gets after its first executions).
 * <p>
 * The policy compares {@code tenant_id} with an equality, so that for a statement row-level security alone
 * protects (native SQL, {@code JdbcTemplate}) the tenant is an index condition and, being a single value, leaves
 * the index's order usable: a page ordered by id reads the index and stops after the page. Written as
 * {@code tenant_id = ANY (ARRAY[...])}, which PostgreSQL cannot tell is a single value, the same page reads all the
 * tenant's rows and sorts them; the second table here, with that policy, shows it.
 * <p>
 * With both layers PostgreSQL sees two equalities on {@code tenant_id}, Hibernate's parameter and the policy's
 * setting. It scans the index with one and compares the two once, in a {@code Result} node above the scan that
 * then passes every row on: a per-row cost on long scans, which the row-level security page documents.
 */
class PolicyPlansIT {

	static TenancyTestDatabase db;

	static HikariDataSource app;

	@BeforeAll
	static void migrateAndSeed() {
		db = TenancyTestDatabase.create(PolicyPlansIT.class);
		TenancySchema.migrate(db);
		db.executeAsAdmin("insert into projects (tenant_id, id, name) select 'tenant' || t, gen_random_uuid(), "
				+ "'P' || i from generate_series(1, 4) t, generate_series(1, 500) i");
		db.executeAsAdmin("create table projects_any_form (like projects including all); "
				+ "insert into projects_any_form select * from projects; "
				+ "alter table projects_any_form enable row level security; "
				+ "alter table projects_any_form force row level security; "
				+ "create policy tenant_isolation on projects_any_form using "
				+ "(tenant_id = any (array[nullif(current_setting('app.tenant_id', true), '')])); "
				+ "grant select on projects_any_form to " + TenancyTestDatabase.APP_ROLE + "; "
				+ "analyze projects; analyze projects_any_form");
		app = db.newAppPool(1);
	}

	@AfterAll
	static void drop() {
		app.close();
		db.close();
	}

	@Test
	void aPageUnderThePolicyAloneReadsTheIndexInOrderWithTheTenantAsIndexCondition() throws SQLException {
		List<String> plan = genericPlan("select id, name from projects order by id limit 20");

		assertThat(plan).noneMatch((line) -> line.contains("Sort"));
		assertThat(plan).anyMatch((line) -> line.contains("Index Scan using projects_pkey"));
		assertThat(plan).anyMatch((line) -> line.contains("Index Cond: (tenant_id = NULLIF(current_setting("));
		assertThat(plan).noneMatch((line) -> line.contains("Filter"));
	}

	@Test
	void thePolicyWrittenAsAnArrayComparisonLosesTheIndexOrder() throws SQLException {
		List<String> plan = genericPlan("select id, name from projects_any_form order by id limit 20");

		assertThat(plan).anyMatch((line) -> line.contains("Sort"));
	}

	@Test
	void withBothLayersTheTwoTenantValuesAreComparedOnceAboveTheScan() throws SQLException {
		List<String> plan = genericPlan("select count(id) from projects where tenant_id = $1");

		assertThat(plan).anyMatch((line) -> line.contains("Result"));
		assertThat(plan).anyMatch((line) -> line.contains("One-Time Filter: (NULLIF(current_setting(")
				&& line.contains("= $1"));
		assertThat(plan).anyMatch((line) -> line.contains("Index Cond: (tenant_id = $1)"));
		assertThat(count("select count(id) from projects where tenant_id = $1", "'tenant2'")).isEqualTo(500);
		assertThat(count("select count(id) from projects where tenant_id = $1", "'tenant3'")).isZero();
	}

	/**
	 * Explains a statement as the runtime role for tenant {@code tenant2}, prepared with one text parameter when
	 * it has {@code $1}, with sequential scans and sorts discouraged so that the plan shows what the index can do.
	 */
	private static List<String> genericPlan(String sql) throws SQLException {
		List<String> plan = new ArrayList<>();
		onPrepared(sql, "explain (costs off) execute plan_under_test" + (sql.contains("$1") ? "('tenant2')" : ""),
				(rows) -> {
					while (rows.next()) {
						plan.add(rows.getString(1));
					}
				});
		return plan;
	}

	private static long count(String sql, String parameter) throws SQLException {
		long[] count = new long[1];
		onPrepared(sql, "execute plan_under_test(" + parameter + ")", (rows) -> {
			rows.next();
			count[0] = rows.getLong(1);
		});
		return count[0];
	}

	/** Prepares a statement in a transaction for tenant {@code tenant2}, runs a query on it, and rolls back. */
	private static void onPrepared(String sql, String query, RowsReader reader) throws SQLException {
		try (Connection connection = app.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			statement.execute("select set_config('app.tenant_id', 'tenant2', true)");
			statement.execute("set local plan_cache_mode = force_generic_plan");
			statement.execute("set local enable_seqscan = off");
			statement.execute("set local enable_sort = off");
			statement.execute("prepare plan_under_test" + (sql.contains("$1") ? "(text)" : "") + " as " + sql);
			try (ResultSet rows = statement.executeQuery(query)) {
				reader.read(rows);
			}
			finally {
				connection.rollback();
				// a prepared statement belongs to the session and outlives the transaction
				statement.execute("deallocate plan_under_test");
			}
		}
	}

	@FunctionalInterface
	private interface RowsReader {

		void read(ResultSet rows) throws SQLException;

	}

}
