package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/configuration.md, docs/tenant-keys.md) and the code in step.
 */
class TenancyCryptoPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancyCryptoProperties properties = new TenancyCryptoProperties();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getMasterKeyset()).isNull();
		assertThat(properties.getKeyCacheTtl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.getKeyCacheSize()).isEqualTo(10_000);
	}

}
