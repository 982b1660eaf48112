package dev.tenancy.jpa.migration;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The result of migrating (or validating) every tenant.
 *
 * @param mode {@link MigrationMode#MIGRATE} or {@link MigrationMode#VALIDATE}
 * @param startedAt when the run started
 * @param durationMillis how long the run took, in milliseconds
 * @param schemaVersion the version {@code SCHEMA} tenants should be at
 * @param databaseVersion the version {@code DATABASE} tenants should be at
 * @param succeeded tenants Flyway migrated
 * @param failed tenants whose migration failed, or that are behind when only validating
 * @param skipped tenants already at the latest version
 */
public record TenantMigrationRun(MigrationMode mode, Instant startedAt, long durationMillis,
		@Nullable String schemaVersion, @Nullable String databaseVersion, List<TenantMigrationOutcome> succeeded,
		List<TenantMigrationOutcome> failed, List<TenantMigrationOutcome> skipped) {

	public TenantMigrationRun {
		succeeded = List.copyOf(succeeded);
		failed = List.copyOf(failed);
		skipped = List.copyOf(skipped);
	}

	/**
	 * Returns how many tenants the run looked at.
	 * @return the number of tenants
	 */
	public int tenantCount() {
		return this.succeeded.size() + this.failed.size() + this.skipped.size();
	}

}
