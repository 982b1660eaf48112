package dev.tenancy.core;

import java.util.Objects;

/**
 * A tenant as the catalog knows it.
 *
 * @param id the tenant id
 * @param displayName a human-readable name, for logs and admin screens
 * @param status where the tenant is in its life; only {@link TenantStatus#ACTIVE} tenants are served
 * @param placement where the tenant's rows live
 */
public record Tenant(TenantId id, String displayName, TenantStatus status, Placement placement) {

	public Tenant {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(displayName, "displayName must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(placement, "placement must not be null");
	}

	/**
	 * Returns an active, shared tenant whose display name is its id.
	 * @param id the tenant id
	 * @return the tenant
	 */
	public static Tenant active(String id) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SHARED);
	}

}
