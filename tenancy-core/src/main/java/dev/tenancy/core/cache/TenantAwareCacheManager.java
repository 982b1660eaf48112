package dev.tenancy.core.cache;

import java.util.Collection;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} whose caches keep each tenant's entries apart ({@link TenantAwareCache}), except the
 * caches named as shared, which hold data that is the same for every tenant.
 * <p>
 * Thread-safe as the underlying manager is.
 */
public class TenantAwareCacheManager implements CacheManager {

	private final CacheManager target;

	private final Set<String> sharedCaches;

	/**
	 * Creates the manager.
	 * @param target the manager of the caches that hold the entries
	 * @param sharedCaches the names of caches shared by every tenant, returned as they are
	 */
	public TenantAwareCacheManager(CacheManager target, Collection<String> sharedCaches) {
		this.target = target;
		this.sharedCaches = Set.copyOf(sharedCaches);
	}

	/**
	 * Returns the manager of the caches that hold the entries.
	 * @return the underlying manager
	 */
	public CacheManager getTargetCacheManager() {
		return this.target;
	}

	@Override
	public @Nullable Cache getCache(String name) {
		return decorate(this.target.getCache(name), this.sharedCaches);
	}

	/**
	 * Decorates a cache of a manager so that it keeps each tenant's entries apart, unless it is shared or does so
	 * already (a manager over another decorated manager).
	 * @param cache the cache, or {@code null}
	 * @param sharedCaches the names of caches shared by every tenant
	 * @return the cache to hand out
	 */
	public static @Nullable Cache decorate(@Nullable Cache cache, Set<String> sharedCaches) {
		if (cache == null || sharedCaches.contains(cache.getName()) || cache instanceof TenantAwareCache) {
			return cache;
		}
		// a decorator holds no state: one per call follows a manager that replaces its caches
		return new TenantAwareCache(cache);
	}


	@Override
	public Collection<String> getCacheNames() {
		return this.target.getCacheNames();
	}

	@Override
	public void resetCaches() {
		this.target.resetCaches();
	}

}
