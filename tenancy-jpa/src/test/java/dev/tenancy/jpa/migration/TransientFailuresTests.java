package dev.tenancy.jpa.migration;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.exception.FlywaySqlException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.CannotAcquireLockException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTests {

	@Test
	void serializationFailuresAndDeadlocksAreTransient() {
		assertThat(isTransient(postgres("40001", "could not serialize access"))).isTrue();
		assertThat(isTransient(postgres("40P01", "deadlock detected"))).isTrue();
	}

	@Test
	void anInternalErrorIsTransientOnlyWhenATupleWasConcurrentlyUpdated() {
		assertThat(isTransient(postgres("XX000", "tuple concurrently updated"))).isTrue();
		assertThat(isTransient(postgres("XX000", "cache lookup failed for relation 16384")))
			.isFalse();
		assertThat(isTransient(new SQLException("ERROR: tuple concurrently updated", "XX001")))
			.isFalse();
	}

	@Test
	void otherSqlStatesAreNotTransient() {
		assertThat(isTransient(postgres("42P07", "relation \"labels\" already exists"))).isFalse();
		assertThat(isTransient(postgres("23505", "duplicate key value violates unique constraint")))
			.isFalse();
		assertThat(isTransient(postgres("40003", "statement completion unknown"))).isFalse();
		assertThat(isTransient(new SQLException("no state"))).isFalse();
	}

	@Test
	void aFailureWithoutAnSqlErrorIsNotTransientWhateverItsMessage() {
		assertThat(isTransient(new FlywayException("tuple concurrently updated"))).isFalse();
		assertThat(isTransient(new IllegalStateException("deadlock detected"))).isFalse();
	}

	@Test
	void theSqlErrorIsFoundThroughFlywaysWrappers() {
		PSQLException tuple = postgres("XX000", "tuple concurrently updated");
		FlywayException wrapped = new FlywayException("Migration V1__tables.sql failed",
				new FlywaySqlException("Failed to execute script V1__tables.sql", tuple));
		assertThat((Throwable) TransientFailures.transientCause(wrapped)).isSameAs(tuple);
		assertThat(isTransient(new FlywayException("Migration V1__tables.sql failed",
				new FlywaySqlException("Failed to execute script", postgres("42501", "permission denied")))))
			.isFalse();
	}

	@Test
	void theSqlErrorIsFoundBehindSpringsDataAccessExceptionsOfJavaMigrations() {
		SQLException deadlock = postgres("40P01", "deadlock detected");
		assertThat((Throwable) TransientFailures.transientCause(new FlywayException("Migration V3__Backfill failed",
				new CannotAcquireLockException("UPDATE projects ...", deadlock))))
			.isSameAs(deadlock);
	}

	@Test
	void theNextExceptionsOfABatchAreSearched() {
		BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "40001", new int[0]);
		assertThat(isTransient(batch)).isTrue();
		BatchUpdateException aborted = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
		SQLException serialization = postgres("40001", "could not serialize access due to concurrent update");
		aborted.setNextException(serialization);
		FlywayException failure = new FlywayException("Migration V3__Backfill failed", aborted);
		assertThat((Throwable) TransientFailures.transientCause(failure)).isSameAs(serialization);
	}

	@Test
	void aCircularCauseChainEnds() {
		RuntimeException first = new RuntimeException("first");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);
		assertThat(isTransient(first)).isFalse();
	}

	/** What the PostgreSQL driver throws for an error the server reports. */
	private static PSQLException postgres(String sqlState, String message) {
		return new PSQLException(new ServerErrorMessage("SERROR\0VERROR\0C" + sqlState + "\0M" + message + "\0"));
	}

	private static boolean isTransient(Throwable failure) {
		return TransientFailures.transientCause(failure) != null;
	}

}
