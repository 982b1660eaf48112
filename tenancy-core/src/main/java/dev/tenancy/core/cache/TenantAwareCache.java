package dev.tenancy.core.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;

/**
 * A {@link Cache} whose keys are those of another cache together with a tenant ({@link TenantCacheKey}): what one
 * tenant put there, another tenant never gets, whatever key both used, {@code @Cacheable} methods without
 * parameters included. Code with no tenant bound has entries of its own.
 * <p>
 * Which tenant: the one bound on the thread that calls each method, or, for a cache {@linkplain #boundTo bound}
 * to a tenant, that tenant whichever thread calls. Spring's caching interceptor gets bound caches
 * ({@link TenantBoundCacheResolver}), so that the result of an asynchronous method ({@code CompletableFuture},
 * {@code Mono}, {@code Flux}), put when it completes on another thread, lands with the tenant that called.
 * Unbound, {@link #retrieve} is refused for that reason: its result would be put from another thread.
 * <p>
 * {@link #clear()} and {@link #invalidate()} empty the cache for every tenant: the underlying cache cannot tell
 * one tenant's entries from another's without reading every key. Thread-safe as the underlying cache is.
 */
public class TenantAwareCache implements Cache {

	private final Cache target;

	private final boolean bound;

	private final @Nullable TenantId tenant;

	/**
	 * Creates a cache keyed by the tenant bound on the thread that calls each method.
	 * @param target the cache that holds the entries
	 */
	public TenantAwareCache(Cache target) {
		this(target, false, null);
	}

	private TenantAwareCache(Cache target, boolean bound, @Nullable TenantId tenant) {
		this.target = (target instanceof TenantAwareCache decorated) ? decorated.target : target;
		this.bound = bound;
		this.tenant = tenant;
	}

	/**
	 * Returns the same entries, keyed by one tenant whichever thread calls.
	 * @param tenant the tenant, or {@code null} for code with no tenant
	 * @return the cache bound to the tenant
	 */
	public TenantAwareCache boundTo(@Nullable TenantId tenant) {
		return new TenantAwareCache(this.target, true, tenant);
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
		requireBound();
		return this.target.retrieve(scoped(key));
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		requireBound();
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

	private TenantCacheKey scoped(Object key) {
		return TenantCacheKey.of(this.bound ? this.tenant : TenantContext.current().orElse(null), key);
	}

	/** An asynchronous result is put by whichever thread completes it, which may work for another tenant. */
	private void requireBound() {
		if (!this.bound) {
			throw new IllegalStateException("Cache '" + getName() + "' keeps each tenant's entries apart, and an "
					+ "asynchronous result (CompletableFuture, Mono, Flux) is put into it by the thread that "
					+ "completes it, which may work for another tenant. Reach the cache through the caching "
					+ "interceptor's default cache resolver (no cacheManager or cacheResolver attribute on the "
					+ "operation), list it in tenancy.cache.shared-caches if it is the same for every tenant, or "
					+ "call boundTo(tenant) on it.");
		}
	}

}
