package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.Arrays;

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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

/**
 * Tenants' buckets in a store all instances share, through the application's Bucket4j {@code ProxyManager<String>},
 * when {@link RateLimitConfiguration} chooses it: {@code tenancy.rate-limit.store} is {@code distributed}, or unset
 * and the application defines one such bean with an asynchronous API. Asked for a distributed store without one,
 * the application does not start.
 */
@Configuration(proxyBeanMethods = false)
class DistributedRateLimitConfiguration {

	static final String FALLBACK_METER_NAME = "tenancy.rate-limit.fallback";

	static final ResolvableType STRING_PROXY_MANAGER = ResolvableType.forClassWithGenerics(ProxyManager.class,
			String.class);

	private static final Logger logger = LoggerFactory.getLogger(DistributedRateLimitConfiguration.class);

	/** The limiter over the application's one {@code ProxyManager<String>}, for {@link RateLimitConfiguration}. */
	static DistributedTenantRateLimiter limiter(ObjectProvider<ProxyManager<String>> proxyManagers,
			ListableBeanFactory beans, TenantRateLimits tenantRateLimits, TenancyRateLimitProperties properties) {
		ProxyManager<String> proxyManager = proxyManagers.getIfUnique();
		if (proxyManager == null) {
			throw new IllegalStateException(noProxyManager(beans));
		}
		TenancyRateLimitProperties.Distributed distributed = properties.getDistributed();
		if (distributed.getKeyPrefix().isBlank()) {
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
		MeterBinder tenantRateLimitFallbackMetrics(ObjectProvider<TenantRateLimiter> limiter) {
			return (registry) -> limiter.ifAvailable((found) -> {
				if (found instanceof DistributedTenantRateLimiter distributed) {
					FunctionCounter.builder(FALLBACK_METER_NAME, distributed, DistributedTenantRateLimiter::fallbacks)
						.description("Requests limited by this instance's own buckets because the shared store failed")
						.register(registry);
				}
			});
		}

	}

}
