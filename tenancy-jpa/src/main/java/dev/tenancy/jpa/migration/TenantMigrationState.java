package dev.tenancy.jpa.migration;

import java.time.Instant;
import java.util.Objects;

import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * The recorded migration state of one tenant's schema or database.
 *
 * @param state where the migration is
 * @param version the schema version the tenant is at, or {@code null} if it has no migration applied
 * @param error what went wrong, for {@link MigrationState#FAILED}
 * @param migratedAt when the state was last recorded after a migration or a check
 */
public record TenantMigrationState(MigrationState state, @Nullable String version, @Nullable String error,
		@Nullable Instant migratedAt) {

	public TenantMigrationState {
		Objects.requireNonNull(state, "state must not be null");
	}

	/**
	 * Whether the tenant is migrated to at least the given version.
	 * @param expected the version the application needs, or {@code null} if it ships no migrations
	 * @return {@code true} if the state is {@link MigrationState#MIGRATED} at that version or later
	 */
	public boolean isMigratedTo(@Nullable String expected) {
		return this.state == MigrationState.MIGRATED && isAtLeast(this.version, expected);
	}

	static boolean isAtLeast(@Nullable String version, @Nullable String expected) {
		if (expected == null) {
			return true;
		}
		if (version == null) {
			return false;
		}
		return MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(expected)) >= 0;
	}

}
