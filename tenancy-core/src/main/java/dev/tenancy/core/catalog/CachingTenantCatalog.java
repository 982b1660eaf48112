package dev.tenancy.core.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;

/**
 * Caches lookups of another catalog with Caffeine, including misses, so that an unknown tenant id sent over
 * and over does not reach the underlying catalog each time.
 * <p>
 * Entries expire after the configured time to live, which bounds how long a change made elsewhere (another
 * instance) stays unseen; {@link #evict(TenantId)} drops one entry at once for changes made here.
 */
public final class CachingTenantCatalog implements TenantCatalog {

	private final TenantCatalog delegate;

	private final Cache<TenantId, Optional<Tenant>> cache;

	public CachingTenantCatalog(TenantCatalog delegate, Duration timeToLive, long maximumSize) {
		this.delegate = delegate;
		this.cache = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).build();
	}

	@Override
	public Optional<Tenant> find(TenantId id) {
		return this.cache.get(id, this.delegate::find);
	}

	@Override
	public List<Tenant> findAll() {
		return this.delegate.findAll();
	}

	/**
	 * Drops the cached entry of one tenant.
	 * @param id the tenant id
	 */
	public void evict(TenantId id) {
		this.cache.invalidate(id);
	}

	/**
	 * Drops every cached entry.
	 */
	public void evictAll() {
		this.cache.invalidateAll();
	}

	/**
	 * Returns the catalog this one caches.
	 * @return the underlying catalog
	 */
	public TenantCatalog getDelegate() {
		return this.delegate;
	}

}
