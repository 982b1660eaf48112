package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.Map;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesTenantRateLimitsTests {

	@Test
	void aTenantWithALimitOfItsOwnGetsItAndEveryOtherTheDefault() {
		TenantRateLimit standard = TenantRateLimit.of(100, Duration.ofSeconds(1));
		TenantRateLimit premium = TenantRateLimit.of(1_000, Duration.ofSeconds(1));
		PropertiesTenantRateLimits limits = new PropertiesTenantRateLimits(standard,
				Map.of(TenantId.of("acme"), premium));
		assertThat(limits.limitFor(Tenant.active("acme"))).contains(premium);
		assertThat(limits.limitFor(Tenant.active("globex"))).contains(standard);
	}

}
