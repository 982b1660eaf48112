package dev.tenancy.jpa.connection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The caller's results of a statement that ran behind the tenant setting, taken from the driver when the
 * caller used {@code executeQuery} or {@code executeUpdate}, which the driver would refuse on the two
 * statements together. They are checked as the driver checks a plain statement's (with its messages and
 * SQLStates, in {@link SQLException}s of their own) and then presented as it presents them.
 */
abstract sealed class PrefixedResults {

	/** How the caller executed a statement. */
	enum Execution {

		EXECUTE, QUERY, UPDATE, LARGE_UPDATE

	}

	/**
	 * Takes the caller's results, the statement standing on the first of them.
	 * @param statement the statement that ran
	 * @param resultSet whether the first of the caller's results is a result set
	 * @param execution {@link Execution#QUERY}, {@link Execution#UPDATE} or {@link Execution#LARGE_UPDATE}
	 * @return the results
	 * @throws SQLException if the driver would have refused them, or could not deliver them
	 */
	static PrefixedResults of(PreparedStatement statement, boolean resultSet, Execution execution)
			throws SQLException {
		return (execution == Execution.QUERY) ? Query.of(statement, resultSet) : UpdateCounts.of(statement, resultSet);
	}

	/**
	 * Returns what the caller's {@code executeQuery}, {@code executeUpdate} or {@code executeLargeUpdate} returns.
	 * @param execution how the caller executed the statement
	 * @return the result set, or the first update count as an {@code int} or a {@code long}
	 */
	abstract Object returned(Execution execution);

	abstract @Nullable ResultSet getResultSet();

	abstract int getUpdateCount();

	abstract long getLargeUpdateCount();

	abstract boolean getMoreResults(int current) throws SQLException;

	/** The one result set of {@code executeQuery}. */
	static final class Query extends PrefixedResults {

		private @Nullable ResultSet resultSet;

		private Query(ResultSet resultSet) {
			this.resultSet = resultSet;
		}

		static Query of(PreparedStatement statement, boolean resultSet) throws SQLException {
			if (!resultSet) {
				throw new SQLException("No results were returned by the query.", "02000");
			}
			ResultSet rows = statement.getResultSet();
			// look past it without closing it: a query must be followed by nothing
			if (statement.getMoreResults(Statement.KEEP_CURRENT_RESULT) || statement.getUpdateCount() != -1) {
				throw new SQLException("Multiple ResultSets were returned by the query.", "0100E");
			}
			return new Query(rows);
		}

		@Override
		Object returned(Execution execution) {
			return this.resultSet;
		}

		@Override
		@Nullable ResultSet getResultSet() {
			return this.resultSet;
		}

		@Override
		int getUpdateCount() {
			return -1;
		}

		@Override
		long getLargeUpdateCount() {
			return -1;
		}

		@Override
		boolean getMoreResults(int current) throws SQLException {
			ResultSet resultSet = this.resultSet;
			this.resultSet = null;
			if (resultSet != null && current != Statement.KEEP_CURRENT_RESULT) {
				resultSet.close();
			}
			return false;
		}

	}

	/** The update counts of {@code executeUpdate}, one per statement of the caller's SQL. */
	static final class UpdateCounts extends PrefixedResults {

		private final List<Integer> counts;

		private final List<Long> largeCounts;

		private int position;

		private UpdateCounts(List<Integer> counts, List<Long> largeCounts) {
			this.counts = counts;
			this.largeCounts = largeCounts;
		}

		static UpdateCounts of(PreparedStatement statement, boolean resultSet) throws SQLException {
			List<Integer> counts = new ArrayList<>(1);
			List<Long> largeCounts = new ArrayList<>(1);
			boolean current = resultSet;
			while (true) {
				if (current) {
					throw new SQLException("A result was returned when none was expected.", "0100E");
				}
				int count = statement.getUpdateCount();
				if (count == -1) {
					return new UpdateCounts(counts, largeCounts);
				}
				counts.add(count);
				largeCounts.add(statement.getLargeUpdateCount());
				current = statement.getMoreResults();
			}
		}

		@Override
		Object returned(Execution execution) {
			if (execution == Execution.LARGE_UPDATE) {
				return getLargeUpdateCount();
			}
			return getUpdateCount(); // not in one conditional expression, which would widen it to a long
		}

		@Override
		@Nullable ResultSet getResultSet() {
			return null;
		}

		@Override
		int getUpdateCount() {
			return (this.position < this.counts.size()) ? this.counts.get(this.position) : -1;
		}

		@Override
		long getLargeUpdateCount() {
			return (this.position < this.largeCounts.size()) ? this.largeCounts.get(this.position) : -1;
		}

		@Override
		boolean getMoreResults(int current) {
			this.position = Math.min(this.position + 1, this.counts.size());
			return false;
		}

	}

}
