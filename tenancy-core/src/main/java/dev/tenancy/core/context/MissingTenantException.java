package dev.tenancy.core.context;

/**
 * Thrown when tenant data is touched with no tenant bound. The library never falls back to a default
 * tenant or to all tenants.
 */
public class MissingTenantException extends IllegalStateException {

	public MissingTenantException() {
		super("No tenant is bound to this thread. Run tenant work inside TenantContext.where(tenantId).run(...), "
				+ "or make sure the request carries a tenant (the JWT's tenant claim) and its path is not "
				+ "configured as tenant-free (tenancy.web.tenant-free-paths).");
	}

	public MissingTenantException(String message) {
		super(message);
	}

}
