package dev.tenancy.core.cache;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;

/**
 * Resolves the caches of each cached method call through another resolver, bound to the tenant bound when the
 * method is called ({@link TenantAwareCache#boundTo}): every get, put and evict of that call, including the put of
 * an asynchronous result on the thread that completes it, uses that tenant. Caches named as shared are returned
 * as they are.
 * <p>
 * Spring's caching interceptor resolves caches on the calling thread, once per call. Thread-safe.
 */
public class TenantBoundCacheResolver implements CacheResolver {

	private final Supplier<? extends CacheResolver> delegate;

	private final Set<String> sharedCaches;

	/**
	 * Creates the resolver.
	 * @param delegate the resolver whose caches are bound, asked for on each call
	 * @param sharedCaches the names of caches shared by every tenant
	 */
	public TenantBoundCacheResolver(Supplier<? extends CacheResolver> delegate, Collection<String> sharedCaches) {
		this.delegate = delegate;
		this.sharedCaches = Set.copyOf(sharedCaches);
	}

	@Override
	public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
		TenantId tenant = TenantContext.current().orElse(null);
		return this.delegate.get()
			.resolveCaches(context)
			.stream()
			.map((cache) -> this.sharedCaches.contains(cache.getName()) ? cache
					: new TenantAwareCache(cache).boundTo(tenant))
			.toList();
	}

}
