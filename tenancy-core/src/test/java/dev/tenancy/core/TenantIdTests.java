package dev.tenancy.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenantIdTests {

	@ParameterizedTest
	@ValueSource(strings = { "acme", "a", "0", "acme-eu_1", "a23456789012345678901234567890123456789012345678901234567890123" })
	void acceptsIdsMatchingThePattern(String value) {
		assertThat(TenantId.of(value).value()).isEqualTo(value);
		assertThat(TenantId.isValid(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Acme", "-acme", "_acme", "acme corp", "acme;drop table projects", "acme'--",
			"a234567890123456789012345678901234567890123456789012345678901234", "аcme", "acme\n", "acme.eu" })
	void rejectsIdsNotMatchingThePattern(String value) {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of(value))
			.withMessageContaining("invalid tenant id");
		assertThat(TenantId.isValid(value)).isFalse();
	}

	@Test
	void rejectsNull() {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of(null));
	}

	@Test
	void errorMessageEscapesControlAndNonAsciiCharacters() {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of("аcme\n"))
			.withMessageContaining("\\u0430cme\\u000a");
	}

}
