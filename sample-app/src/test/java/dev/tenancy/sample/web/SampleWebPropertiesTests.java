package dev.tenancy.sample.web;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented default (README, "The sample's API") and the code in step.
 */
class SampleWebPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		assertThat(new SampleWebProperties().getMaxRequestBodySize()).isEqualTo(DataSize.ofMegabytes(1));
	}

}
