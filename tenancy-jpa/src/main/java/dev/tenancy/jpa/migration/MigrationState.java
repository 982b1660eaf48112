package dev.tenancy.jpa.migration;

/**
 * Where a tenant's schema (or database) is in its migration.
 */
public enum MigrationState {

	/** Not migrated to the version the application needs yet. */
	PENDING,

	/** A migration is running, or an instance stopped while running one; the next run retries it. */
	MIGRATING,

	/** Migrated to the recorded version. */
	MIGRATED,

	/** The last migration failed; the recorded version is the one the schema is still at. */
	FAILED

}
