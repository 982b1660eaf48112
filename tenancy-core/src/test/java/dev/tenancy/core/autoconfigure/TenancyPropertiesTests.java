package dev.tenancy.core.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/configuration.md) and the code in step.
 */
class TenancyPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancyProperties properties = new TenancyProperties();
		assertThat(properties.getTenants()).isEmpty();
		assertThat(properties.getCatalog().getCacheTtl()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getCatalog().getCacheMaximumSize()).isEqualTo(10_000);
		assertThat(properties.getResolution().getHeader().isEnabled()).isFalse();
		assertThat(properties.getResolution().getHeader().getName()).isEqualTo("X-Tenant-ID");
		assertThat(properties.getResolution().getHost().isEnabled()).isFalse();
		assertThat(properties.getWeb().isEnabled()).isTrue();
		assertThat(properties.getWeb().getTenantFreePaths()).containsExactly("/error", "/actuator/**", "/oauth2/**",
				"/.well-known/**", "/login", "/admin/**");
		assertThat(properties.getWeb().getFilterOrder()).isEqualTo(-90);
		assertThat(properties.getPropagation().isTaskDecorator()).isTrue();
		assertThat(properties.getCache().isTenantAware()).isTrue();
		assertThat(properties.getCache().getSharedCaches()).isEmpty();
		assertThat(properties.getObservation().isEnabled()).isTrue();
		assertThat(properties.getObservation().isTagMetrics()).isFalse();
		TenancyProperties.TenantDefinition definition = new TenancyProperties.TenantDefinition();
		assertThat(definition.getStatus()).hasToString("ACTIVE");
		assertThat(definition.getPlacement()).hasToString("SHARED");
	}

}
