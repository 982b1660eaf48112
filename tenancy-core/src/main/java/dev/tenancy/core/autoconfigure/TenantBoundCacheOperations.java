package dev.tenancy.core.autoconfigure;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.interceptor.CacheEvictOperation;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CachePutOperation;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.util.StringUtils;

/**
 * The caching interceptor's operations, those that name a cache manager ({@code cacheManager = "..."}) rewritten
 * to name a resolver bound to the caller's tenant over that manager instead: Spring would otherwise resolve their
 * caches with a plain resolver, and put an asynchronous result with the tenant of the thread that completes it.
 */
final class TenantBoundCacheOperations implements CacheOperationSource {

	private final CacheOperationSource operations;

	private final Function<String, String> resolverForManager;

	/**
	 * Creates the operations.
	 * @param operations the interceptor's operations
	 * @param resolverForManager the name of a tenant-bound resolver bean over the named cache manager bean
	 */
	TenantBoundCacheOperations(CacheOperationSource operations, Function<String, String> resolverForManager) {
		this.operations = operations;
		this.resolverForManager = resolverForManager;
	}

	@Override
	public boolean isCandidateClass(Class<?> targetClass) {
		return this.operations.isCandidateClass(targetClass);
	}

	@Override
	public boolean hasCacheOperations(Method method, @Nullable Class<?> targetClass) {
		return this.operations.hasCacheOperations(method, targetClass);
	}

	@Override
	public @Nullable Collection<CacheOperation> getCacheOperations(Method method, @Nullable Class<?> targetClass) {
		Collection<CacheOperation> found = this.operations.getCacheOperations(method, targetClass);
		return (found != null) ? found.stream().map(this::bound).toList() : null;
	}

	private CacheOperation bound(CacheOperation operation) {
		if (!StringUtils.hasText(operation.getCacheManager()) || StringUtils.hasText(operation.getCacheResolver())) {
			return operation;
		}
		CacheOperation.Builder builder;
		if (operation instanceof CacheableOperation cacheable) {
			CacheableOperation.Builder copy = new CacheableOperation.Builder();
			copy.setUnless(cacheable.getUnless());
			copy.setSync(cacheable.isSync());
			builder = copy;
		}
		else if (operation instanceof CachePutOperation put) {
			CachePutOperation.Builder copy = new CachePutOperation.Builder();
			copy.setUnless(put.getUnless());
			builder = copy;
		}
		else if (operation instanceof CacheEvictOperation evict) {
			CacheEvictOperation.Builder copy = new CacheEvictOperation.Builder();
			copy.setCacheWide(evict.isCacheWide());
			copy.setBeforeInvocation(evict.isBeforeInvocation());
			builder = copy;
		}
		else {
			return operation;
		}
		builder.setName(operation.getName());
		builder.setCacheNames(operation.getCacheNames().toArray(String[]::new));
		builder.setKey(operation.getKey());
		builder.setKeyGenerator(operation.getKeyGenerator());
		builder.setCondition(operation.getCondition());
		builder.setCacheResolver(this.resolverForManager.apply(operation.getCacheManager()));
		return builder.build();
	}

}
