package dev.tenancy.core.context;

import java.util.Objects;

import dev.tenancy.core.TenantId;

/**
 * What {@link TenantContext} holds for a thread: the tenant, and whether the work may only read that tenant's data.
 * <p>
 * Read-only access reaches PostgreSQL with the tenant: the connection layer makes each of the work's transactions
 * read-only, so the database refuses the writes of whatever code runs them through the tenant-aware
 * {@code DataSource} (a platform administrator's request without write access, for example). Context propagation
 * carries both together, so work handed to another thread can never write where its submitter could only read.
 *
 * @param tenantId the tenant
 * @param readOnly whether the work may only read the tenant's data
 */
public record TenantAccess(TenantId tenantId, boolean readOnly) {

	public TenantAccess {
		Objects.requireNonNull(tenantId, "tenantId must not be null");
	}

}
