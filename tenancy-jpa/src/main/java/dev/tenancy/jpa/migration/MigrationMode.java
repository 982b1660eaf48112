package dev.tenancy.jpa.migration;

/**
 * What the {@link TenantMigrator} does with the tenants' schemas at start-up.
 */
public enum MigrationMode {

	/** Do nothing at start-up and do not check readiness; migrations run only on demand. */
	OFF,

	/** Check each tenant's schema version and report tenants that are behind, without changing any schema. */
	VALIDATE,

	/** Migrate every tenant that is behind. */
	MIGRATE

}
