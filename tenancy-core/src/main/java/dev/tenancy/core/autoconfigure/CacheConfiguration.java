package dev.tenancy.core.autoconfigure;

import java.lang.reflect.Method;
import java.util.Set;

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
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
				return new TenantBoundCacheResolver(() -> resolver, this.sharedCaches);
			}
			if (bean instanceof CacheManager manager && !(bean instanceof TenantAwareCacheManager)) {
				return tenantAware(manager, beanName);
			}
			return bean;
		}

		private static boolean isGetCache(Method method) {
			return method.getName().equals("getCache") && method.getParameterCount() == 1
					&& method.getParameterTypes()[0] == String.class && Cache.class.isAssignableFrom(method.getReturnType());
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
				if (configured instanceof TenantBoundCacheResolver) {
					continue;
				}
				SingletonSupplier<CacheResolver> resolver = SingletonSupplier.of(() -> (configured != null)
						? configured : new SimpleCacheResolver(beans.getBean(CacheManager.class)));
				interceptor.setCacheResolver(new TenantBoundCacheResolver(resolver, this.sharedCaches));
			}
		}

		/** A proxy of the manager's own class, so that it can still be injected as what it is. */
		private Object tenantAware(CacheManager manager, String beanName) {
			try {
				ProxyFactory proxy = new ProxyFactory(manager);
				proxy.setProxyTargetClass(!AopUtils.isJdkDynamicProxy(manager));
				proxy.addAdvice((MethodInterceptor) (invocation) -> {
					Object result = invocation.proceed();
					return isGetCache(invocation.getMethod())
							? TenantAwareCacheManager.decorate((Cache) result, this.sharedCaches) : result;
				});
				return proxy.getProxy(manager.getClass().getClassLoader());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not proxy cache manager '{}' of {}; decorating it as a CacheManager only",
						beanName, manager.getClass().getName(), ex);
				return new TenantAwareCacheManager(manager, this.sharedCaches);
			}
		}

	}

}
