package dev.tenancy.core.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.tenancy.core.cache.TenantAwareCacheManager;
import dev.tenancy.core.cache.TenantBoundCacheResolver;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Keeps each tenant's cache entries apart: every {@link CacheManager} bean, Spring Boot's included, hands out
 * tenant-aware caches, and Spring's caching interceptor and every {@link CacheResolver} bean bind the caches of
 * each call to the tenant bound when it is made.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty(name = "tenancy.cache.tenant-aware", matchIfMissing = true)
class CacheConfiguration {

	@Bean
	static TenantAwareCachingPostProcessor tenantAwareCachingPostProcessor() {
		return new TenantAwareCachingPostProcessor();
	}

	/** Decorates cache managers and resolvers as they are created, keeping their types. */
	static final class TenantAwareCachingPostProcessor implements BeanPostProcessor, BeanFactoryAware,
			EnvironmentAware, SmartInitializingSingleton {

		private static final Logger logger = LoggerFactory.getLogger(TenantAwareCachingPostProcessor.class);

		private static final Method CLEAR_METADATA_CACHE = Objects.requireNonNull(
				ReflectionUtils.findMethod(CacheAspectSupport.class, "clearMetadataCache"));

		private BeanFactory beanFactory;

		private Set<String> sharedCaches = Set.of();

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void setEnvironment(Environment environment) {
			this.sharedCaches = Set.copyOf(Binder.get(environment)
				.bindOrCreate("tenancy.cache", TenancyProperties.Cache.class)
				.getSharedCaches());
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (bean instanceof CacheResolver resolver && !(bean instanceof TenantBoundCacheResolver)) {
				TenantBoundCacheResolver bound = new TenantBoundCacheResolver(() -> resolver, this.sharedCaches);
				return proxy(bean, beanName, "resolveCaches", (invocation) -> bound
					.resolveCaches((CacheOperationInvocationContext<?>) invocation.getArguments()[0]), () -> bound);
			}
			if (bean instanceof CacheManager manager && !(bean instanceof TenantAwareCacheManager)) {
				return proxy(bean, beanName, "getCache",
						(invocation) -> TenantAwareCacheManager.decorate((Cache) invocation.proceed(),
								this.sharedCaches),
						() -> new TenantAwareCacheManager(manager, this.sharedCaches));
			}
			return bean;
		}

		/**
		 * A proxy of the bean's own class, so that it can still be injected as what it is, with the one method
		 * replaced; where its class or that method is final, a replacement of the interface only.
		 */
		private Object proxy(Object bean, String beanName, String method, MethodInterceptor replacement,
				Supplier<Object> fallback) {
			Class<?> type = AopUtils.getTargetClass(bean);
			Method target = ReflectionUtils.findMethod(type, method, (Class<?>[]) null);
			if (Modifier.isFinal(type.getModifiers()) || target == null || Modifier.isFinal(target.getModifiers())
					|| AopUtils.isAopProxy(bean)) {
				logger.warn("Bean '{}' ({}) cannot be proxied as its own class; it is replaced by a tenant-aware "
						+ "decorator of its interface, and can no longer be injected by its class", beanName,
						type.getName());
				return fallback.get();
			}
			ProxyFactory proxy = new ProxyFactory(bean);
			proxy.setProxyTargetClass(true);
			proxy.addAdvice((MethodInterceptor) (invocation) -> invocation.getMethod().getName().equals(method)
					&& invocation.getArguments().length == 1 ? replacement.invoke(invocation) : invocation.proceed());
			return proxy.getProxy(type.getClassLoader());
		}

		/**
		 * Binds the caches of each intercepted call to the caller's tenant. Spring's caching interceptor is made
		 * before post-processors apply to it, and picks its default resolver once every singleton exists: either
		 * way, what it uses is wrapped here.
		 */
		@Override
		public void afterSingletonsInstantiated() {
			if (!(this.beanFactory instanceof ListableBeanFactory beans)) {
				return;
			}
			for (CacheAspectSupport interceptor : beans.getBeansOfType(CacheAspectSupport.class, false, false)
				.values()) {
				CacheResolver configured = interceptor.getCacheResolver();
				if (!(configured instanceof TenantBoundCacheResolver)) {
					SingletonSupplier<CacheResolver> resolver = SingletonSupplier.of(() -> (configured != null)
							? configured : new SimpleCacheResolver(beans.getBean(CacheManager.class)));
					interceptor.setCacheResolver(new TenantBoundCacheResolver(resolver, this.sharedCaches));
				}
				CacheOperationSource operations = interceptor.getCacheOperationSource();
				if (operations != null && !(operations instanceof TenantBoundCacheOperations)) {
					interceptor.setCacheOperationSource(new TenantBoundCacheOperations(operations,
							(manager) -> resolverOver(beans, manager)));
				}
				// a cached call made before this point kept the plain resolver for its method: forget it
				ReflectionUtils.makeAccessible(CLEAR_METADATA_CACHE);
				ReflectionUtils.invokeMethod(CLEAR_METADATA_CACHE, interceptor);
			}
		}

		/** A tenant-bound resolver bean over a cache manager bean named on an operation, registered once. */
		private synchronized String resolverOver(ListableBeanFactory beans, String manager) {
			String name = "tenancyBoundCacheResolver." + manager;
			if (!beans.containsBean(name) && beans instanceof ConfigurableListableBeanFactory registry) {
				registry.registerSingleton(name, new TenantBoundCacheResolver(
						SingletonSupplier.of(() -> new SimpleCacheResolver(beans.getBean(manager, CacheManager.class))),
						this.sharedCaches));
			}
			return name;
		}

	}

}
