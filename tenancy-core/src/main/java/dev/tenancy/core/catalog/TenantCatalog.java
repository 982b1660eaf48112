package dev.tenancy.core.catalog;

import java.util.List;
import java.util.Optional;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;

/**
 * The source of truth for which tenants exist.
 * <p>
 * Implementations must be thread-safe. The library calls {@link #find(TenantId)} on every request, through a
 * cache ({@link CachingTenantCatalog}), so implementations need not cache themselves.
 */
public interface TenantCatalog {

	/**
	 * Finds a tenant by id, whatever its status.
	 * @param id the tenant id
	 * @return the tenant, or empty if the catalog does not know it
	 */
	Optional<Tenant> find(TenantId id);

	/**
	 * Lists every tenant the catalog knows, whatever its status, ordered by id.
	 * @return the tenants
	 */
	List<Tenant> findAll();

}
