package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.ratelimit.LocalTenantRateLimiter;
import dev.tenancy.core.ratelimit.PropertiesTenantRateLimits;
import dev.tenancy.core.ratelimit.TenantRateLimit;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimits;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tenants' limits from {@code tenancy.rate-limit}, checked at start-up, and their buckets in this instance's
 * memory.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final String PREFIX = "tenancy.rate-limit.";

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

	@Bean
	@ConditionalOnMissingBean
	TenantRateLimiter tenantRateLimiter(TenantRateLimits tenantRateLimits, TenancyRateLimitProperties properties) {
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

	private static IllegalStateException invalid(String message) {
		return new IllegalStateException("Invalid rate limit: " + message + ".");
	}

}
