package dev.tenancy.sample.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read: a text field takes a JSON string only.
 * <p>
 * Jackson turns a number or a boolean into text by default, so {@code {"name": 123}} would create a project
 * named "123"; here it is a 400 like any other value of the wrong type.
 */
@Configuration(proxyBeanMethods = false)
class JsonRequestConfiguration {

	@Bean
	JsonMapperBuilderCustomizer textFromJsonStringsOnly() {
		return (builder) -> builder.withCoercionConfig(LogicalType.Textual, (config) -> config
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
