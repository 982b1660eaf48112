package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults of the lifecycle and the audit trail (docs/configuration.md,
 * docs/lifecycle-and-audit.md) and the code in step.
 */
class TenancyLifecyclePropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		assertThat(new TenancyAuditProperties().getHmacKey()).isNull();
		assertThat(new TenancyLifecycleProperties().getMoveDrain()).isEqualTo(Duration.ofSeconds(60));
	}

}
