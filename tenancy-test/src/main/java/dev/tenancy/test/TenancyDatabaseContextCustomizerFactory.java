package dev.tenancy.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Creates the database of a {@link WithTenancyDatabase} test class as its context starts.
 */
class TenancyDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, WithTenancyDatabase.class)
				? new DatabaseCustomizer(testClass) : null;
	}

	/** One per test class, so that each class gets its own context and database. */
	private record DatabaseCustomizer(Class<?> testClass) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			TenancyTestDatabase database = TenancyTestDatabase.create(this.testClass);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("tenancyTestDatabase",
						Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username",
								TenancyTestDatabase.APP_ROLE, "spring.datasource.password", TenancyTestDatabase.PASSWORD,
								"spring.flyway.user", TenancyTestDatabase.OWNER_ROLE, "spring.flyway.password",
								TenancyTestDatabase.PASSWORD, "spring.flyway.placeholders.appRole",
								TenancyTestDatabase.APP_ROLE)));
			context.getBeanFactory().registerSingleton("tenancyTestDatabase", database);
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
				if (event.getApplicationContext() == context) {
					database.close();
				}
			});
		}

	}

}
