package dev.tenancy.jpa.migration;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Recognizes the migration failures that only a concurrent transaction caused, so that running the migration
 * again can succeed: PostgreSQL's serialization failure ({@code 40001}), deadlock ({@code 40P01}), and
 * {@code tuple concurrently updated} ({@code XX000}). The last is what two transactions get when both update one
 * catalog row, as a {@code GRANT}, {@code COMMENT ON} or {@code ALTER DEFAULT PRIVILEGES} on a schema every tenant
 * shares does when tenants are migrated at once.
 * <p>
 * Flyway wraps the driver's {@link SQLException} in its own exceptions, so the whole cause chain is searched,
 * and the chained {@link SQLException#getNextException() next exceptions} of each.
 */
final class TransientFailures {

	private static final String SERIALIZATION_FAILURE = "40001";

	private static final String DEADLOCK_DETECTED = "40P01";

	private static final String INTERNAL_ERROR = "XX000";

	/**
	 * PostgreSQL raises it with {@code elog}, whose messages are never translated, so it reads the same whatever
	 * {@code lc_messages} says. Other internal errors share its SQL state and are not transient.
	 */
	private static final String TUPLE_CONCURRENTLY_UPDATED = "tuple concurrently updated";

	/** Bounds the walk through causes and next exceptions, which a faulty wrapper could make circular. */
	private static final int MAX_DEPTH = 50;

	private TransientFailures() {
	}

	/**
	 * Returns the SQL error that makes a failure transient.
	 * @param failure what a migration threw
	 * @return the first transient SQL error in its cause chain, or {@code null} if the failure is not transient
	 */
	static @Nullable SQLException transientCause(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				SQLException next = sql;
				for (int count = 0; next != null && count < MAX_DEPTH; count++, next = next.getNextException()) {
					if (isTransient(next)) {
						return next;
					}
				}
			}
		}
		return null;
	}

	private static boolean isTransient(SQLException ex) {
		String state = ex.getSQLState();
		if (SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state)) {
			return true;
		}
		return INTERNAL_ERROR.equals(state) && ex.getMessage() != null
				&& ex.getMessage().contains(TUPLE_CONCURRENTLY_UPDATED);
	}

}
