package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.autoconfigure.TenancyRateLimitProperties.Store;
import dev.tenancy.core.ratelimit.LocalTenantRateLimiter;
import dev.tenancy.core.ratelimit.PropertiesTenantRateLimits;
import dev.tenancy.core.ratelimit.TenantRateLimit;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimits;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tenants' limits from {@code tenancy.rate-limit}, checked at start-up, and their buckets in this instance's
 * memory unless {@link DistributedRateLimitConfiguration} keeps them in a shared store.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	static final String PREFIX = "tenancy.rate-limit.";

	private static final Logger logger = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	TenantRateLimits tenantRateLimits(TenancyRateLimitProperties properties) {
		TenantRateLimit defaultLimit = defaultLimit(properties.getDefaultLimit());
		Map<TenantId, TenantRateLimit> tenantLimits = new LinkedHashMap<>();
		properties.getTenants().forEach((key, limit) -> {
			TenantId tenant = tenantId(key);
			tenantLimits.put(tenant, tenantLimit(tenant, limit, defaultLimit));
		});
		return new PropertiesTenantRateLimits(defaultLimit, tenantLimits);
	}

	/**
	 * The limiter, chosen once every bean is defined, so that a {@code ProxyManager} of any auto-configuration is
	 * seen: in the shared store with {@code store=distributed}, or with {@code store} unset and one
	 * {@code ProxyManager<String>} bean with an asynchronous API (whose waits the limiter can bound); else in this
	 * instance's memory.
	 */
	@Bean
	@ConditionalOnMissingBean
	TenantRateLimiter tenantRateLimiter(TenantRateLimits tenantRateLimits, TenancyRateLimitProperties properties,
			ObjectProvider<ProxyManager<String>> proxyManagers, ListableBeanFactory beans) {
		Store store = properties.getStore();
		if (store == Store.DISTRIBUTED) {
			return DistributedRateLimitConfiguration.limiter(proxyManagers, beans, tenantRateLimits, properties);
		}
		if (store == null) {
			ProxyManager<String> proxyManager = proxyManagers.getIfUnique();
			String[] keyedByStrings = beans.getBeanNamesForType(DistributedRateLimitConfiguration.STRING_PROXY_MANAGER,
					true, false);
			if ((proxyManager != null && proxyManager.isAsyncModeSupported())
					|| (proxyManager == null && keyedByStrings.length > 1)) {
				// several without a @Primary: refused with the reason
				return DistributedRateLimitConfiguration.limiter(proxyManagers, beans, tenantRateLimits, properties);
			}
			String[] all = beans.getBeanNamesForType(ProxyManager.class, true, false);
			if (all.length > 0) {
				logger.warn("Tenants' rate-limit buckets are kept in each instance's memory: the Bucket4j ProxyManager "
						+ "beans {} {}. Set " + PREFIX + "store=distributed to keep them in the store anyway, or "
						+ PREFIX + "store=local to keep them per instance without this warning.", Arrays.toString(all),
						(proxyManager != null) ? "have no asynchronous API, so a request's wait for the store could "
								+ "not be bounded" : "are not keyed by strings. Build one with String keys to share "
										+ "the buckets across instances");
			}
		}
		return localLimiter(tenantRateLimits, properties);
	}

	/** Buckets in this instance's memory: the limiter, or the distributed limiter's fallback. */
	static LocalTenantRateLimiter localLimiter(TenantRateLimits tenantRateLimits,
			TenancyRateLimitProperties properties) {
		if (properties.getMaximumTenants() <= 0) {
			throw new IllegalStateException(PREFIX + "maximum-tenants must be at least 1, and is "
					+ properties.getMaximumTenants() + ".");
		}
		return new LocalTenantRateLimiter(tenantRateLimits, properties.getMaximumTenants());
	}

	private static TenantRateLimit defaultLimit(TenancyRateLimitProperties.Limit limit) {
		long burstCapacity = (limit.getBurstCapacity() != null) ? limit.getBurstCapacity() : limit.getCapacity();
		return limit(PREFIX + "default-limit", limit.getCapacity(), limit.getPeriod(), burstCapacity);
	}

	/** What the tenant's limit leaves unset is the default's; its burst capacity follows its own capacity. */
	private static TenantRateLimit tenantLimit(TenantId tenant, TenancyRateLimitProperties.TenantLimit limit,
			TenantRateLimit defaultLimit) {
		long capacity = (limit.getCapacity() != null) ? limit.getCapacity() : defaultLimit.capacity();
		Duration period = (limit.getPeriod() != null) ? limit.getPeriod() : defaultLimit.period();
		long burstCapacity = (limit.getBurstCapacity() != null) ? limit.getBurstCapacity()
				: (limit.getCapacity() != null) ? capacity : defaultLimit.burstCapacity();
		return limit(PREFIX + "tenants." + tenant, capacity, period, burstCapacity);
	}

	private static TenantRateLimit limit(String prefix, long capacity, @Nullable Duration period,
			long burstCapacity) {
		if (capacity <= 0) {
			throw invalid(prefix + ".capacity must be at least 1, and is " + capacity);
		}
		if (period == null || period.isNegative() || period.isZero()) {
			throw invalid(prefix + ".period must be positive, such as 1s or 1m, and is " + period);
		}
		if (burstCapacity <= 0) {
			throw invalid(prefix + ".burst-capacity must be at least 1, and is " + burstCapacity);
		}
		try {
			return new TenantRateLimit(capacity, period, burstCapacity);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(prefix + ": " + ex.getMessage());
		}
	}

	private static TenantId tenantId(String key) {
		try {
			return TenantId.of(key);
		}
		catch (InvalidTenantIdException ex) {
			throw invalid(PREFIX + "tenants names a tenant by an " + ex.getMessage()
					+ "; name each tenant by its id, for example " + PREFIX + "tenants.acme.capacity");
		}
	}

	static IllegalStateException invalid(String message) {
		return new IllegalStateException("Invalid rate limit: " + message + ".");
	}

}
