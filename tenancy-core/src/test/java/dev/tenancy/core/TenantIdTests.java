package dev.tenancy.core;

import java.util.ArrayList;
import java.util.List;

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
	void theCharacterCheckAgreesWithThePatternOnEveryShortStringAndAtTheLengthLimit() {
		char[] alphabet = { 'a', 'z', '0', '9', '-', '_', 'A', 'Z', '`', '{', '/', ':', ' ', '.', '\n', '\u0430', '\u00e9' };
		List<String> samples = new ArrayList<>();
		samples.add("");
		for (char first : alphabet) {
			samples.add(String.valueOf(first));
			for (char second : alphabet) {
				samples.add("" + first + second);
				for (char third : alphabet) {
					samples.add("" + first + second + third);
				}
			}
		}
		for (int length = 61; length <= 65; length++) {
			for (char last : alphabet) {
				samples.add("a".repeat(length - 1) + last);
				samples.add(last + "b".repeat(length - 1));
			}
		}
		for (String sample : samples) {
			assertThat(TenantId.matchesPattern(sample)).as("'%s'", sample)
				.isEqualTo(TenantId.PATTERN.matcher(sample).matches());
		}
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
