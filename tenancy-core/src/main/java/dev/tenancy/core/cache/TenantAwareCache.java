package dev.tenancy.core.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;

/**
 * A {@link Cache} whose keys are those of another cache together with the tenant bound on the calling thread
 * ({@link TenantCacheKey}): what one tenant put there, another tenant never gets, whatever key both used,
 * {@code @Cacheable} methods without parameters included. Code with no tenant bound has entries of its own.
 * <p>
 * {@link #clear()} and {@link #invalidate()} empty the cache for every tenant: the underlying cache cannot tell
 * one tenant's entries from another's without reading every key. Thread-safe as the underlying cache is.
 */
public class TenantAwareCache implements Cache {

	private final Cache target;

	/**
	 * Creates the cache.
	 * @param target the cache that holds the entries
	 */
	public TenantAwareCache(Cache target) {
		this.target = target;
	}

	/**
	 * Returns the cache that holds the entries, under tenant keys.
	 * @return the underlying cache
	 */
	public Cache getTargetCache() {
		return this.target;
	}

	@Override
	public String getName() {
		return this.target.getName();
	}

	@Override
	public Object getNativeCache() {
		return this.target.getNativeCache();
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		return this.target.get(scoped(key));
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		return this.target.get(scoped(key), type);
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		return this.target.get(scoped(key), valueLoader);
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		return this.target.retrieve(scoped(key));
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.target.retrieve(scoped(key), valueLoader);
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.target.put(scoped(key), value);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return this.target.putIfAbsent(scoped(key), value);
	}

	@Override
	public void evict(Object key) {
		this.target.evict(scoped(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.target.evictIfPresent(scoped(key));
	}

	@Override
	public void clear() {
		this.target.clear();
	}

	@Override
	public boolean invalidate() {
		return this.target.invalidate();
	}

	private static TenantCacheKey scoped(Object key) {
		return TenantCacheKey.of(TenantContext.current().orElse(null), key);
	}

}
