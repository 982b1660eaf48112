package dev.tenancy.core.autoconfigure;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.TenantRateLimitAdmission;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tenant filter's rate-limit admission: counting refused requests in Micrometer where it is on the class
 * path, else plain.
 */
final class RateLimitAdmissionConfiguration {

	private RateLimitAdmissionConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metered {

		@Bean
		@ConditionalOnMissingBean
		TenantRateLimitAdmission tenantRateLimitAdmission(TenantRateLimiter tenantRateLimiter,
				ObjectProvider<MeterRegistry> meterRegistry, TenancyProperties properties) {
			return new TenantRateLimitAdmission(new CountingTenantRateLimiter(tenantRateLimiter, meterRegistry,
					properties.getObservation().isTagMetrics()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Plain {

		@Bean
		@ConditionalOnMissingBean
		TenantRateLimitAdmission tenantRateLimitAdmission(TenantRateLimiter tenantRateLimiter) {
			return new TenantRateLimitAdmission(tenantRateLimiter);
		}

	}

	/**
	 * Counts refused requests as {@code tenancy.rate-limit.refused}, tagged with the tenant only where metrics are
	 * ({@code tenancy.observation.tag-metrics}): a tag per tenant multiplies the time series by the tenants.
	 */
	static final class CountingTenantRateLimiter implements TenantRateLimiter {

		static final String METER_NAME = "tenancy.rate-limit.refused";

		private final TenantRateLimiter limiter;

		private final ObjectProvider<MeterRegistry> meterRegistry;

		private final boolean tagTenant;

		CountingTenantRateLimiter(TenantRateLimiter limiter, ObjectProvider<MeterRegistry> meterRegistry,
				boolean tagTenant) {
			this.limiter = limiter;
			this.meterRegistry = meterRegistry;
			this.tagTenant = tagTenant;
		}

		@Override
		public Decision tryAcquire(Tenant tenant, Traffic traffic) {
			Decision decision = this.limiter.tryAcquire(tenant, traffic);
			if (!decision.admitted()) {
				MeterRegistry registry = this.meterRegistry.getIfUnique();
				if (registry != null) {
					Counter.builder(METER_NAME)
						.description("Requests refused because their tenant was over its rate limit")
						.tags(this.tagTenant ? Tags.of("tenant.id", tenant.id().value()) : Tags.empty())
						.register(registry)
						.increment();
				}
			}
			return decision;
		}

	}

}
