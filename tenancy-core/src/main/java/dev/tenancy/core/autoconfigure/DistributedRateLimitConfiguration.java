package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.Arrays;

import dev.tenancy.core.autoconfigure.TenancyRateLimitProperties.Store;
import dev.tenancy.core.ratelimit.DistributedTenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimits;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Tenants' buckets in a store all instances share, through the application's Bucket4j {@code ProxyManager<String>}:
 * when {@code tenancy.rate-limit.store} is {@code distributed}, or unset and the application defines such a bean.
 * Asked for a distributed store without one, the application does not start.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DistributedRateLimitConfiguration.OnDistributedStore.class)
class DistributedRateLimitConfiguration {

	static final String FALLBACK_METER_NAME = "tenancy.rate-limit.fallback";

	private static final ResolvableType STRING_PROXY_MANAGER = ResolvableType.forClassWithGenerics(ProxyManager.class,
			String.class);

	private static final Logger logger = LoggerFactory.getLogger(DistributedRateLimitConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(TenantRateLimiter.class)
	DistributedTenantRateLimiter tenantRateLimiter(ObjectProvider<ProxyManager<String>> proxyManagers,
			ListableBeanFactory beans, TenantRateLimits tenantRateLimits, TenancyRateLimitProperties properties) {
		ProxyManager<String> proxyManager = proxyManagers.getIfUnique();
		if (proxyManager == null) {
			throw new IllegalStateException(noProxyManager(beans));
		}
		TenancyRateLimitProperties.Distributed distributed = properties.getDistributed();
		if (distributed.getKeyPrefix().isEmpty()) {
			throw RateLimitConfiguration.invalid(RateLimitConfiguration.PREFIX + "distributed.key-prefix must not "
					+ "be empty: give each application that shares the store a prefix of its own");
		}
		positive("distributed.timeout", distributed.getTimeout());
		positive("distributed.retry-interval", distributed.getRetryInterval());
		logger.info("Tenants' rate-limit buckets are kept in the shared store of {} under '{}:<tenant>:members' "
				+ "and '...:others'; {}", proxyManager.getClass().getName(), distributed.getKeyPrefix(),
				proxyManager.isAsyncModeSupported()
						? "a request waits for it " + distributed.getTimeout().toMillis() + " ms at most"
						: "it has no asynchronous API, so its own timeouts bound how long a request waits for it");
		return new DistributedTenantRateLimiter(proxyManager, tenantRateLimits,
				RateLimitConfiguration.localLimiter(tenantRateLimits, properties), distributed.getKeyPrefix(),
				distributed.getTimeout(), distributed.getRetryInterval());
	}

	private static void positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw RateLimitConfiguration.invalid(RateLimitConfiguration.PREFIX + property
					+ " must be positive, such as 100ms or 5s, and is " + value);
		}
	}

	private static String noProxyManager(ListableBeanFactory beans) {
		String[] keyedByStrings = beans.getBeanNamesForType(STRING_PROXY_MANAGER, true, false);
		String[] all = beans.getBeanNamesForType(ProxyManager.class, true, false);
		String problem;
		if (keyedByStrings.length > 1) {
			problem = "there are " + keyedByStrings.length + " Bucket4j ProxyManager<String> beans, "
					+ Arrays.toString(keyedByStrings) + ", and none is @Primary. Mark the one for tenants' buckets "
					+ "@Primary";
		}
		else if (all.length > 0) {
			problem = "the Bucket4j ProxyManager beans " + Arrays.toString(all) + " are not keyed by strings. "
					+ "Build one with String keys (for Lettuce, over a StatefulRedisConnection<String, byte[]>)";
		}
		else {
			problem = "the application defines no Bucket4j ProxyManager<String> bean to keep them in. Define one "
					+ "over your store (Redis, JDBC, Hazelcast...: see docs/rate-limits.md)";
		}
		return "Tenants' rate-limit buckets are to be kept in a store all instances share ("
				+ RateLimitConfiguration.PREFIX + "store is distributed, or unset with a ProxyManager bean), but "
				+ problem + ", or set " + RateLimitConfiguration.PREFIX + "store=local to keep them in each "
				+ "instance's memory.";
	}

	/**
	 * Counts the requests the fallback limited as {@code tenancy.rate-limit.fallback}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Metrics {

		@Bean
		MeterBinder tenantRateLimitFallbackMetrics(ObjectProvider<DistributedTenantRateLimiter> limiter) {
			return (registry) -> limiter.ifAvailable((found) -> FunctionCounter
				.builder(FALLBACK_METER_NAME, found, DistributedTenantRateLimiter::fallbacks)
				.description("Requests limited by this instance's own buckets because the shared store failed")
				.register(registry));
		}

	}

	/**
	 * Matches when {@code tenancy.rate-limit.store} is {@code distributed}, or unset and there is a
	 * {@code ProxyManager<String>} bean, looked for once the application's own beans are registered.
	 */
	static class OnDistributedStore extends SpringBootCondition implements ConfigurationCondition {

		@Override
		public ConfigurationPhase getConfigurationPhase() {
			return ConfigurationPhase.REGISTER_BEAN;
		}

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Distributed rate-limit store");
			Store store = Binder.get(context.getEnvironment())
				.bind(RateLimitConfiguration.PREFIX + "store", Store.class)
				.orElse(null);
			if (store != null) {
				return new ConditionOutcome(store == Store.DISTRIBUTED,
						message.because(RateLimitConfiguration.PREFIX + "store is " + store));
			}
			String[] names = (context.getBeanFactory() != null)
					? context.getBeanFactory().getBeanNamesForType(STRING_PROXY_MANAGER, true, false) : new String[0];
			if (names.length == 0) {
				return ConditionOutcome.noMatch(message.didNotFind("ProxyManager<String> bean").atAll());
			}
			return ConditionOutcome.match(message.found("ProxyManager<String> bean", "beans").items((Object[]) names));
		}

	}

}
