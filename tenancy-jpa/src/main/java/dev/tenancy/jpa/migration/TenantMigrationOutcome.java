package dev.tenancy.jpa.migration;

import dev.tenancy.core.Placement;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one tenant in a migration run.
 *
 * @param tenant the tenant id
 * @param placement the tenant's placement
 * @param result whether the tenant was migrated, found up to date, or failed
 * @param fromVersion the version the tenant was at before, or {@code null} if none
 * @param toVersion the version the tenant is at now, or {@code null} if none
 * @param migrationsExecuted how many migrations ran
 * @param durationMillis how long the tenant took, in milliseconds
 * @param error for {@link Result#FAILED}, what went wrong
 * @param attempts how many times Flyway was run: {@code 1}, or up to five when an attempt failed only because a
 * concurrent transaction got in its way; {@code 0} when the tenant was skipped, only validated, or failed before
 * Flyway ran
 */
public record TenantMigrationOutcome(String tenant, Placement placement, Result result, @Nullable String fromVersion,
		@Nullable String toVersion, int migrationsExecuted, long durationMillis, @Nullable String error,
		int attempts) {

	/**
	 * The result for one tenant.
	 */
	public enum Result {

		/** Flyway ran and the tenant is at the latest version. */
		SUCCEEDED,

		/** The tenant was already at the latest version; no Flyway instance was created. */
		SKIPPED,

		/** The migration failed, or, when only validating, the tenant is behind. */
		FAILED

	}

}
