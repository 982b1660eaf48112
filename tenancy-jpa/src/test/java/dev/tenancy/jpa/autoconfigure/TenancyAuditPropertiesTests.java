package dev.tenancy.jpa.autoconfigure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/configuration.md, docs/lifecycle-and-audit.md) and the code in step.
 */
class TenancyAuditPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancyAuditProperties properties = new TenancyAuditProperties();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getHmacKey()).isNull();
	}

}
