package dev.tenancy.benchmarks.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What PostgreSQL ran for each scenario while a workload was measured, statement by statement, from
 * {@code pg_stat_statements}: how often per request, and how long each execution (and, with
 * {@code pg_stat_statements.track_planning}, each planning) took inside the server. It shows where a scenario's
 * database time goes (the tenant setting, row-level security, a plan that differs), which its backends' CPU per
 * request only sums up.
 * <p>
 * Only when the server loads the extension ({@code shared_preload_libraries}); the harness never changes the
 * server's configuration, and without it the report has no statements. The extension is reset before each workload
 * and read after it, per scenario's databases; the harness's own queries run in {@code postgres} and are not
 * counted.
 */
final class DatabaseStatements {

	private final BenchmarkDatabases databases;

	private final boolean planningTracked;

	private DatabaseStatements(BenchmarkDatabases databases, boolean planningTracked) {
		this.databases = databases;
		this.planningTracked = planningTracked;
	}

	/**
	 * Returns the statements' source if the server tracks statements, creating the extension's view in
	 * {@code postgres} when it is loaded but not created yet.
	 * @param databases the server
	 * @return the source, or {@code null} when the server does not load {@code pg_stat_statements} or is older than
	 * PostgreSQL 13, whose view has no planning columns
	 */
	static @Nullable DatabaseStatements ifTracked(BenchmarkDatabases databases) throws SQLException {
		try (Connection connection = databases.connect("postgres")) {
			String version = BenchmarkDatabases.queryString(connection, "show server_version_num");
			if (version == null || Integer.parseInt(version) < 130000) {
				return null;
			}
			String preloaded = BenchmarkDatabases.queryString(connection, "show shared_preload_libraries");
			if (preloaded == null || !List.of(preloaded.split("\\s*,\\s*")).contains("pg_stat_statements")) {
				return null;
			}
			BenchmarkDatabases.execute(connection, "create extension if not exists pg_stat_statements");
			String planning = BenchmarkDatabases.queryString(connection,
					"select current_setting('pg_stat_statements.track_planning', true)");
			return new DatabaseStatements(databases, "on".equals(planning));
		}
	}

	/** Forgets every statement counted so far, on the whole server. */
	void reset() {
		try (Connection connection = this.databases.connect("postgres")) {
			BenchmarkDatabases.queryString(connection, "select pg_stat_statements_reset()::text");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not reset pg_stat_statements", ex);
		}
	}

	/**
	 * Reads the statements run in some databases since the last reset, the same statement in several of them (one
	 * per DATABASE tenant) added up.
	 * @param names the databases
	 * @return the statements, the most time-consuming first
	 */
	List<Statement> read(List<String> names) {
		List<Statement> rows = new ArrayList<>();
		try (Connection connection = this.databases.connect("postgres");
				PreparedStatement statement = connection.prepareStatement("select s.query, s.calls, s.total_exec_time, "
						+ "s.total_plan_time, s.plans, s.rows from pg_stat_statements s join pg_database d "
						+ "on d.oid = s.dbid where d.datname = any (?)")) {
			statement.setArray(1, connection.createArrayOf("text", names.toArray()));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.add(new Statement(result.getString(1), result.getLong(2), result.getDouble(3),
							result.getDouble(4), result.getLong(5), result.getLong(6), this.planningTracked));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not read pg_stat_statements for " + names, ex);
		}
		return merge(rows);
	}

	/**
	 * Adds up the rows of the same statement text and orders the statements by their total execution time, the
	 * largest first.
	 * @param rows one row per statement and database
	 * @return one row per statement
	 */
	static List<Statement> merge(List<Statement> rows) {
		Map<String, Statement> byQuery = new LinkedHashMap<>();
		for (Statement row : rows) {
			byQuery.merge(row.query(), row, Statement::plus);
		}
		List<Statement> merged = new ArrayList<>(byQuery.values());
		merged.sort(Comparator.comparingDouble(Statement::totalExecMs).reversed());
		return merged;
	}

	/**
	 * One statement as {@code pg_stat_statements} normalises it (constants replaced by {@code $n}).
	 *
	 * @param query the normalised text
	 * @param calls how many times it was executed
	 * @param totalExecMs its total execution time inside the server, milliseconds
	 * @param totalPlanMs its total planning time, milliseconds (0 when planning is not tracked)
	 * @param plans how many times it was planned (0 when planning is not tracked)
	 * @param rows rows returned or affected, in all
	 * @param planningTracked whether {@code pg_stat_statements.track_planning} was on
	 */
	record Statement(String query, long calls, double totalExecMs, double totalPlanMs, long plans, long rows,
			boolean planningTracked) {

		Statement plus(Statement other) {
			return new Statement(this.query, this.calls + other.calls, this.totalExecMs + other.totalExecMs,
					this.totalPlanMs + other.totalPlanMs, this.plans + other.plans, this.rows + other.rows,
					this.planningTracked && other.planningTracked);
		}

		/** Executions per successful request of the workload. */
		double callsPerRequest(long requests) {
			return (requests == 0) ? Double.NaN : (double) this.calls / requests;
		}

		/** Execution time inside the server per successful request of the workload, milliseconds. */
		double execMsPerRequest(long requests) {
			return (requests == 0) ? Double.NaN : this.totalExecMs / requests;
		}

		double meanExecMs() {
			return (this.calls == 0) ? Double.NaN : this.totalExecMs / this.calls;
		}

		/** Mean planning time per execution, milliseconds; NaN when planning is not tracked. */
		double meanPlanMs() {
			return (!this.planningTracked || this.calls == 0) ? Double.NaN : this.totalPlanMs / this.calls;
		}

		/** Plans made per execution (1 when every execution is planned anew); NaN when planning is not tracked. */
		double plansPerCall() {
			return (!this.planningTracked || this.calls == 0) ? Double.NaN : (double) this.plans / this.calls;
		}

		double rowsPerCall() {
			return (this.calls == 0) ? Double.NaN : (double) this.rows / this.calls;
		}

	}

}
