package dev.tenancy.core.ratelimit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Traffic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DistributedTenantRateLimiterTests {

	@Test
	void aKeyIsThePrefixTheTenantAndTheKindOfTraffic() {
		assertThat(DistributedTenantRateLimiter.key("tenancy:rate-limit", TenantId.of("acme"), Traffic.MEMBERS))
			.isEqualTo("tenancy:rate-limit:acme:members");
		assertThat(DistributedTenantRateLimiter.key("billing", TenantId.of("acme-eu_2"), Traffic.OTHERS))
			.isEqualTo("billing:acme-eu_2:others");
	}

	@Test
	void keysOfDifferentPrefixesTenantsOrTrafficNeverCollide() {
		// prefixes that end where a tenant id could begin, or hold what a key's other parts hold
		List<String> prefixes = List.of("p", "pa", "p:", "p:a", "p:acme", "p:acme:members", "", ":", "p::");
		List<TenantId> tenants = List.of(TenantId.of("a"), TenantId.of("acme"), TenantId.of("cme"),
				TenantId.of("members"), TenantId.of("others"), TenantId.of("acme-members"));
		Set<String> keys = new HashSet<>();
		int made = 0;
		for (String prefix : prefixes) {
			for (TenantId tenant : tenants) {
				for (Traffic traffic : Traffic.values()) {
					keys.add(DistributedTenantRateLimiter.key(prefix, tenant, traffic));
					made++;
				}
			}
		}
		assertThat(keys).hasSize(made);
	}

	@Test
	void aTenantIdCannotHoldTheSeparatorOfKeyParts() {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of("acme:members"));
		assertThat(TenantId.PATTERN.pattern()).doesNotContain(":");
	}

}
