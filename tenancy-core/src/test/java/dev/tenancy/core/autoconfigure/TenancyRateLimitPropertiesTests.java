package dev.tenancy.core.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/rate-limits.md, docs/configuration.md) and the code in step.
 */
class TenancyRateLimitPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancyRateLimitProperties properties = new TenancyRateLimitProperties();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getMaximumTenants()).isEqualTo(10_000);
		assertThat(properties.getDefaultLimit().getCapacity()).isEqualTo(100);
		assertThat(properties.getDefaultLimit().getPeriod()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getDefaultLimit().getBurstCapacity()).isNull();
		assertThat(properties.getTenants()).isEmpty();
		assertThat(properties.getStore()).isNull();
		assertThat(properties.getDistributed().getKeyPrefix()).isEqualTo("tenancy:rate-limit");
		assertThat(properties.getDistributed().getTimeout()).isEqualTo(Duration.ofMillis(100));
		assertThat(properties.getDistributed().getRetryInterval()).isEqualTo(Duration.ofSeconds(5));
		TenancyRateLimitProperties.TenantLimit tenant = new TenancyRateLimitProperties.TenantLimit();
		assertThat(tenant.getCapacity()).isNull();
		assertThat(tenant.getPeriod()).isNull();
		assertThat(tenant.getBurstCapacity()).isNull();
	}

}
