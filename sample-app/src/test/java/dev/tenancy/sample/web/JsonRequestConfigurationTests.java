package dev.tenancy.sample.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonRequestConfigurationTests {

	private final JsonMapper json = customized();

	@Test
	void textIsReadFromJsonStrings() {
		assertThat(this.json.readValue("{\"name\":\"123\"}", Named.class).name()).isEqualTo("123");
	}

	@Test
	void numbersAndBooleansAreNotText() {
		for (String body : new String[] { "{\"name\":123}", "{\"name\":1.5}", "{\"name\":true}" }) {
			assertThatExceptionOfType(MismatchedInputException.class)
				.isThrownBy(() -> this.json.readValue(body, Named.class));
		}
	}

	private static JsonMapper customized() {
		JsonMapper.Builder builder = JsonMapper.builder();
		new JsonRequestConfiguration().textFromJsonStringsOnly().customize(builder);
		return builder.build();
	}

	record Named(String name) {

	}

}
