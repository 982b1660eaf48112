package dev.tenancy.jpa.catalog;

import dev.tenancy.core.TenantId;

/**
 * Told when this instance changes a tenant's catalog entry, so that local caches of it (for example a
 * {@link dev.tenancy.core.catalog.CachingTenantCatalog}) drop it. Other instances see the change when their
 * cache entry expires.
 */
@FunctionalInterface
public interface TenantChangeListener {

	/**
	 * Called after a tenant's entry changed, and once more after the surrounding transaction completes if there
	 * is one.
	 * @param id the tenant whose entry changed
	 */
	void tenantChanged(TenantId id);

}
