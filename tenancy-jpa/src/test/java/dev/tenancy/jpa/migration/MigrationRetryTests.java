package dev.tenancy.jpa.migration;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class MigrationRetryTests {

	static final Tenant ACME = new Tenant(TenantId.of("acme"), "Acme", TenantStatus.ACTIVE, Placement.SCHEMA);

	/** Flyway's defaults: each migration in a transaction of its own. */
	static final FluentConfiguration DEFAULTS = new FluentConfiguration();

	/** The pauses the retry asked for, without waiting. */
	final List<Duration> pauses = new ArrayList<>();

	/** Three attempts in all, fewer than the default, to keep the tests short. */
	final MigrationRetry retry = new MigrationRetry(ACME, 3, this.pauses::add);

	@Test
	void aTransientFailureIsRetriedAfterAPause() {
		assertThat(this.retry.migrate(failing(1, transientFailure(true)), DEFAULTS)).isEqualTo("migrated");
		assertThat(this.retry.attempts()).isEqualTo(2);
		assertThat(this.pauses).singleElement()
			.satisfies((pause) -> assertThat(pause).isBetween(Duration.ofMillis(50), Duration.ofMillis(150)));
	}

	@Test
	void aTransientFailureOnEveryAttemptIsThrownAfterTheLastAttempt() {
		List<RuntimeException> thrown = new ArrayList<>();
		Supplier<String> migration = () -> {
			RuntimeException failure = transientFailure(true);
			thrown.add(failure);
			throw failure;
		};
		assertThatExceptionOfType(FlywayMigrateException.class)
			.isThrownBy(() -> this.retry.migrate(migration, DEFAULTS))
			.satisfies((ex) -> assertThat(ex).isSameAs(thrown.get(2)));
		assertThat(thrown).hasSize(3);
		assertThat(this.retry.attempts()).isEqualTo(3);
		assertThat(this.pauses).hasSize(2);
		assertThat(this.pauses.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
	}

	@Test
	void anyOtherFailureIsThrownAtOnce() {
		FlywayMigrateException failure = migrationFailure(true,
				new SQLException("ERROR: relation \"labels\" already exists", "42P07"));
		assertThatExceptionOfType(FlywayMigrateException.class)
			.isThrownBy(() -> this.retry.migrate(failing(1, failure), DEFAULTS))
			.isSameAs(failure);
		assertThat(this.retry.attempts()).isEqualTo(1);
		assertThat(this.pauses).isEmpty();
	}

	@Test
	void aTransientFailureOfAMigrationRunOutsideATransactionIsNotRetried() {
		FlywayMigrateException failure = transientFailure(false);
		assertThatExceptionOfType(FlywayMigrateException.class)
			.isThrownBy(() -> this.retry.migrate(failing(1, failure), DEFAULTS))
			.isSameAs(failure);
		assertThat(this.retry.attempts()).isEqualTo(1);
		assertThat(this.pauses).isEmpty();
	}

	@Test
	void aTransientFailureIsNotRetriedWhenFlywayMayHaveRunTheMigrationOutsideATransaction() {
		FluentConfiguration noTransactions = new FluentConfiguration().executeInTransaction(false);
		FluentConfiguration mixedGroup = new FluentConfiguration().group(true).mixed(true);
		for (FluentConfiguration configuration : List.of(noTransactions, mixedGroup)) {
			MigrationRetry retry = new MigrationRetry(ACME, 3, this.pauses::add);
			assertThatExceptionOfType(FlywayMigrateException.class)
				.isThrownBy(() -> retry.migrate(failing(1, transientFailure(true)), configuration));
			assertThat(retry.attempts()).isEqualTo(1);
		}
		MigrationRetry group = new MigrationRetry(ACME, 3, this.pauses::add);
		assertThat(group.migrate(failing(1, transientFailure(true)), new FluentConfiguration().group(true)))
			.isEqualTo("migrated");
		MigrationRetry mixed = new MigrationRetry(ACME, 3, this.pauses::add);
		assertThat(mixed.migrate(failing(1, transientFailure(true)), new FluentConfiguration().mixed(true)))
			.isEqualTo("migrated");
	}

	@Test
	void aTransientFailureOutsideAnyMigrationIsNotRetried() {
		FlywayException failure = new FlywayException("Unable to create schema history table",
				new SQLException("ERROR: deadlock detected", "40P01"));
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> this.retry.migrate(failing(1, failure), DEFAULTS))
			.isSameAs(failure);
		assertThat(this.retry.attempts()).isEqualTo(1);
	}

	@Test
	void aTransientFailureWrappedAgainIsRetried() {
		FlywayException wrapped = new FlywayException("Tenant migration failed", transientFailure(true));
		assertThat(this.retry.migrate(failing(2, wrapped), DEFAULTS)).isEqualTo("migrated");
		assertThat(this.retry.attempts()).isEqualTo(3);
	}

	@Test
	void anInterruptedPauseEndsTheRetriesAndKeepsTheInterrupt() {
		MigrationRetry interrupted = new MigrationRetry(ACME, 3, (delay) -> {
			throw new InterruptedException();
		});
		FlywayMigrateException failure = transientFailure(true);
		try {
			assertThatExceptionOfType(FlywayMigrateException.class)
				.isThrownBy(() -> interrupted.migrate(failing(1, failure), DEFAULTS))
				.isSameAs(failure);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(interrupted.attempts()).isEqualTo(1);
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void retriesByDefaultUntilTheFifthAttempt() {
		MigrationRetry standard = new MigrationRetry(ACME, MigrationRetry.MAX_ATTEMPTS, this.pauses::add);
		assertThat(standard.migrate(failing(4, transientFailure(true)), DEFAULTS)).isEqualTo("migrated");
		assertThat(standard.attempts()).isEqualTo(5);
		assertThat(MigrationRetry.MAX_ATTEMPTS).isEqualTo(5);
	}

	@Test
	void pausesGrowAndAreSpreadAroundTheirBase() {
		for (int i = 0; i < 200; i++) {
			assertThat(MigrationRetry.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
			assertThat(MigrationRetry.delay(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
		}
		assertThat(MigrationRetry.delay(4)).isBetween(Duration.ofMillis(400), Duration.ofMillis(1200));
		assertThat(MigrationRetry.delay(50)).isLessThanOrEqualTo(Duration.ofMillis(9600));
	}

	/** A migration that throws the failure on its first calls, then succeeds. */
	private static Supplier<String> failing(int failures, RuntimeException failure) {
		AtomicInteger calls = new AtomicInteger();
		return () -> {
			if (calls.incrementAndGet() <= failures) {
				throw failure;
			}
			return "migrated";
		};
	}

	private static FlywayMigrateException transientFailure(boolean inTransaction) {
		return migrationFailure(inTransaction, new SQLException("ERROR: tuple concurrently updated", "XX000"));
	}

	/** What Flyway throws when a statement of a migration fails. */
	private static FlywayMigrateException migrationFailure(boolean inTransaction, SQLException cause) {
		return new FlywayMigrateException(mock(MigrationInfo.class), false, cause, inTransaction, new MigrateResult());
	}

}
