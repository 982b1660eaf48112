package dev.tenancy.core;

/**
 * Where a tenant is in its life. Only {@link #ACTIVE} tenants are served.
 */
public enum TenantStatus {

	/** Being set up: storage and migrations are not complete yet. */
	PROVISIONING,

	/** Serving requests. */
	ACTIVE,

	/** Kept with all its data but refused service, for example for an unpaid invoice. */
	SUSPENDED,

	/** Being moved to another placement; requests are refused until the move completes. */
	MIGRATING,

	/** Being removed; requests are refused. */
	OFFBOARDING,

	/** Removed. Kept in the catalog so that its id is not reused by accident. */
	OFFBOARDED;

	/**
	 * Whether requests for a tenant in this status are served.
	 * @return {@code true} only for {@link #ACTIVE}
	 */
	public boolean isServing() {
		return this == ACTIVE;
	}

}
