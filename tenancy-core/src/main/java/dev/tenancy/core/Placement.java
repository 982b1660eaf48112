package dev.tenancy.core;

/**
 * Where a tenant's rows live.
 */
public enum Placement {

	/** Rows in shared tables, told apart by a {@code tenant_id} column and row-level security. */
	SHARED,

	/** The tenant's own schema in the shared database. */
	SCHEMA,

	/** The tenant's own database, possibly on another server. */
	DATABASE

}
