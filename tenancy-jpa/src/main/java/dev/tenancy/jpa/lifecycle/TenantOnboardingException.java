package dev.tenancy.jpa.lifecycle;

import dev.tenancy.core.TenantId;

/**
 * Thrown when a tenant's storage could not be prepared during onboarding. The tenant stays
 * {@link dev.tenancy.core.TenantStatus#PROVISIONING} in the catalog, refused service, with the failure in its
 * migration state and in the audit trail; calling {@link TenantLifecycle#onboard} again with the same placement
 * retries it.
 */
public class TenantOnboardingException extends RuntimeException {

	private final TenantId tenant;

	TenantOnboardingException(TenantId tenant, String message, Throwable cause) {
		super(message, cause);
		this.tenant = tenant;
	}

	TenantOnboardingException(TenantId tenant, String message) {
		super(message);
		this.tenant = tenant;
	}

	/**
	 * Returns the tenant that was being onboarded.
	 * @return the tenant id
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

}
