package dev.tenancy.core;

/**
 * Thrown when a known, active tenant cannot be served right now: its database is unreachable, its pool is
 * exhausted, or its schema is behind the application's migrations. The servlet filter answers it with a
 * {@code 503} problem+json response; other tenants are unaffected.
 */
public class TenantUnavailableException extends RuntimeException {

	private final TenantId tenant;

	public TenantUnavailableException(TenantId tenant, String message) {
		super(message);
		this.tenant = tenant;
	}

	public TenantUnavailableException(TenantId tenant, String message, Throwable cause) {
		super(message, cause);
		this.tenant = tenant;
	}

	/**
	 * Returns the tenant that cannot be served.
	 * @return the tenant id
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

}
