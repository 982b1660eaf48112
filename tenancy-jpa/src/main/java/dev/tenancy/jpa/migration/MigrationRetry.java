package dev.tenancy.jpa.migration;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.tenancy.core.Tenant;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts at migrating one tenant: the migration runs again, after a short random pause, when it failed only
 * because a concurrent transaction got in its way ({@link TransientFailures}), at most {@link #MAX_ATTEMPTS} times
 * in all. Any other failure is thrown at once.
 * <p>
 * Running again is safe only because PostgreSQL rolls a failed migration back when Flyway ran it in a transaction,
 * as it does by default, and Flyway then records nothing for it (the migrations before it in the same run stay
 * applied, and the next attempt starts after them). A migration Flyway ran outside a transaction
 * ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, {@code executeInTransaction=false}, or a group with
 * {@code mixed}) may have left statements applied; such a failure is never retried.
 * <p>
 * One instance per tenant and run; not thread-safe.
 */
final class MigrationRetry {

	private static final Logger logger = LoggerFactory.getLogger(MigrationRetry.class);

	/**
	 * How many times a tenant's migration is attempted in all. In {@code TenantMigrationRetryIT}, forty tenants
	 * migrated four at a time, each granting on one shared schema, saw about one first attempt in seven fail and
	 * one retry in twenty; with five attempts, running out of them stays unlikely even for thousands of tenants.
	 */
	static final int MAX_ATTEMPTS = 5;

	private final Tenant tenant;

	private final int maxAttempts;

	private final Pause pause;

	private int attempts;

	MigrationRetry(Tenant tenant) {
		this(tenant, MAX_ATTEMPTS, (delay) -> Thread.sleep(delay.toMillis()));
	}

	MigrationRetry(Tenant tenant, int maxAttempts, Pause pause) {
		this.tenant = tenant;
		this.maxAttempts = maxAttempts;
		this.pause = pause;
	}

	/**
	 * Runs the migration until it succeeds or fails for good.
	 * @param <T> what the migration returns
	 * @param migration one attempt, typically {@code flyway::migrate}
	 * @param configuration the configuration of the Flyway instance that migrates, which says whether a failed
	 * migration was run in a transaction
	 * @return what the successful attempt returned
	 * @throws RuntimeException what the last attempt threw
	 */
	<T> T migrate(Supplier<T> migration, Configuration configuration) {
		while (true) {
			this.attempts++;
			try {
				T result = migration.get();
				if (this.attempts > 1) {
					logger.info("Tenant '{}' ({}) migrated on attempt {} of {}", this.tenant.id(),
							this.tenant.placement(), this.attempts, this.maxAttempts);
				}
				return result;
			}
			catch (RuntimeException ex) {
				SQLException cause = TransientFailures.transientCause(ex);
				if (cause == null || this.attempts >= this.maxAttempts || !rolledBack(ex, configuration)) {
					throw ex;
				}
				Duration delay = delay(this.attempts);
				logger.warn("Migration of tenant '{}' ({}) failed on attempt {} of {} because a concurrent transaction "
						+ "got in its way (SQL state {}: {}); it was rolled back, retrying in {} ms", this.tenant.id(),
						this.tenant.placement(), this.attempts, this.maxAttempts, cause.getSQLState(),
						MigrationErrors.oneLine(String.valueOf(cause.getMessage())), delay.toMillis());
				try {
					this.pause.pause(delay);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	/**
	 * Returns how many times the migration was attempted so far.
	 * @return the number of attempts, {@code 0} before {@link #migrate} is called
	 */
	int attempts() {
		return this.attempts;
	}

	/**
	 * A pause of 100 ms doubled after each failed attempt, spread by &plusmn;50% so that tenants that got in each
	 * other's way do not meet again: 50 to 150 ms after the first, 100 to 300 ms after the second, up to 400 to
	 * 1200 ms after the fourth.
	 */
	static Duration delay(int failedAttempts) {
		long base = 100L << Math.min(failedAttempts - 1, 6);
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(base / 2, base * 3 / 2 + 1));
	}

	/**
	 * Whether the failure is that of a migration PostgreSQL rolled back, judged from how Flyway ran it rather than
	 * from its history, which is read again only by the next attempt.
	 */
	private boolean rolledBack(RuntimeException failure, Configuration configuration) {
		FlywayMigrateException migration = migrationFailure(failure);
		boolean inTransaction = migration != null && migration.isExecutableInTransaction()
				&& configuration.isExecuteInTransaction() && !(configuration.isGroup() && configuration.isMixed());
		if (!inTransaction) {
			logger.warn("Migration of tenant '{}' ({}) failed because a concurrent transaction got in its way, but is "
					+ "not retried: it did not run in a transaction, so some of it may be applied", this.tenant.id(),
					this.tenant.placement());
		}
		return inTransaction;
	}

	private static @Nullable FlywayMigrateException migrationFailure(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 50; depth++, cause = cause.getCause()) {
			if (cause instanceof FlywayMigrateException migration) {
				return migration;
			}
		}
		return null;
	}

	/**
	 * Waits between attempts.
	 */
	@FunctionalInterface
	interface Pause {

		void pause(Duration delay) throws InterruptedException;

	}

}
