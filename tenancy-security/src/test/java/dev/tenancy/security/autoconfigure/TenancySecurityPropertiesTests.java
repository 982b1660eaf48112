package dev.tenancy.security.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/configuration.md, docs/tenant-resolution.md) and the code in step.
 */
class TenancySecurityPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancySecurityProperties properties = new TenancySecurityProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getTenantClaim()).isEqualTo("tenant_id");
		assertThat(properties.getTenantsClaim()).isEqualTo("tenants");
		assertThat(properties.getSelectionHeader()).isEqualTo("X-Tenant-ID");
		assertThat(properties.getPlatform().getAuthority()).isNull();
		assertThat(properties.getPlatform().getReasonHeader()).isEqualTo("X-Access-Reason");
		assertThat(properties.getPlatform().isAllowWrites()).isFalse();
		assertThat(properties.getIssuers()).isEmpty();
		assertThat(properties.getIssuerTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.getIssuerRetryAfter()).isEqualTo(Duration.ofSeconds(10));
		TenancySecurityProperties.Issuer issuer = new TenancySecurityProperties.Issuer();
		assertThat(issuer.getIssuerUri()).isNull();
		assertThat(issuer.getJwkSetUri()).isNull();
		assertThat(issuer.getTenants()).isEmpty();
		assertThat(issuer.isAllTenants()).isFalse();
		assertThat(issuer.getAudiences()).isEmpty();
	}

}
