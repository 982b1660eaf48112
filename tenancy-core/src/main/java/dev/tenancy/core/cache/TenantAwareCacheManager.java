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
		Cache cache = this.target.getCache(name);
		if (cache == null || this.sharedCaches.contains(name)) {
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
