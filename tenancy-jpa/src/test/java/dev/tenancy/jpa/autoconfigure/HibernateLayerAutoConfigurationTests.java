package dev.tenancy.jpa.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.tenancy.jpa.hibernate.TenantIdAssignmentGuard;
import dev.tenancy.jpa.hibernate.TenantPersisterClassResolver;
import dev.tenancy.jpa.hibernate.TenantSqmTranslatorFactory;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.persister.internal.PersisterClassResolverInitiator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Hibernate layer registers the translator that refuses JPQL and Criteria writes of @TenantId attributes and
 * keeps JPQL selects' SQL trees per tenant, and the persisters that keep load plans per tenant.
 */
class HibernateLayerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyJpaAutoConfiguration.class))
		.withPropertyValues("tenancy.rls.guard=OFF");

	@Test
	void registersTheTranslatorThatGuardsAndKeepsTranslationsWithTheCacheSize() {
		this.runner.withPropertyValues("tenancy.jpa.query-translation-cache-size=25")
			.run((context) -> assertThat(customized(context, new HashMap<>()))
				.containsEntry(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, TenantSqmTranslatorFactory.class.getName())
				.containsEntry(TenantSqmTranslatorFactory.CACHE_SIZE, 25L));
	}

	@Test
	void aQueryTranslationCacheSizeOfZeroRegistersTheGuardAlone() {
		this.runner.withPropertyValues("tenancy.jpa.query-translation-cache-size=0")
			.run((context) -> assertThat(customized(context, new HashMap<>()))
				.containsEntry(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, TenantIdAssignmentGuard.class.getName())
				.doesNotContainKey(TenantSqmTranslatorFactory.CACHE_SIZE));
	}

	@Test
	void refusesANegativeQueryTranslationCacheSizeNamingTheProperty() {
		this.runner.withPropertyValues("tenancy.jpa.query-translation-cache-size=-1")
			.run((context) -> assertThatIllegalStateException().isThrownBy(() -> customized(context, new HashMap<>()))
				.withMessageContaining("tenancy.jpa.query-translation-cache-size must be 0 or more, was -1"));
	}

	@Test
	void leavesATranslatorTheApplicationConfiguredInPlace() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, "com.example.OwnTranslatorFactory");
		this.runner.run((context) -> assertThat(customized(context, properties))
			.containsEntry(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, "com.example.OwnTranslatorFactory"));
	}

	@Test
	void discriminatorOffLeavesTheGuardOutSoThatRowLevelSecurityIsTestedAlone() {
		this.runner.withPropertyValues("tenancy.jpa.discriminator-enabled=false")
			.run((context) -> assertThat(customized(context, new HashMap<>()))
				.doesNotContainKey(QuerySettings.SEMANTIC_QUERY_TRANSLATOR)
				.doesNotContainKey(TenantSqmTranslatorFactory.CACHE_SIZE));
	}

	@Test
	void registersThePersistersThatKeepLoadPlansPerTenant() {
		this.runner.withPropertyValues("tenancy.jpa.load-plan-cache-size=10")
			.run((context) -> assertThat(customized(context, new HashMap<>()))
				.extractingByKey(PersisterClassResolverInitiator.IMPL_NAME)
				.isInstanceOf(TenantPersisterClassResolver.class));
	}

	@Test
	void leavesAPersisterClassResolverTheApplicationConfiguredInPlace() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(PersisterClassResolverInitiator.IMPL_NAME, "com.example.OwnPersisterClassResolver");
		this.runner.run((context) -> assertThat(customized(context, properties))
			.containsEntry(PersisterClassResolverInitiator.IMPL_NAME, "com.example.OwnPersisterClassResolver"));
	}

	@Test
	void aLoadPlanCacheSizeOfZeroLeavesHibernatesPersisters() {
		this.runner.withPropertyValues("tenancy.jpa.load-plan-cache-size=0")
			.run((context) -> assertThat(customized(context, new HashMap<>()))
				.doesNotContainKey(PersisterClassResolverInitiator.IMPL_NAME));
	}

	@Test
	void discriminatorOffLeavesHibernatesPersisters() {
		this.runner.withPropertyValues("tenancy.jpa.discriminator-enabled=false")
			.run((context) -> assertThat(customized(context, new HashMap<>()))
				.doesNotContainKey(PersisterClassResolverInitiator.IMPL_NAME));
	}

	@Test
	void refusesANegativeLoadPlanCacheSizeNamingTheProperty() {
		this.runner.withPropertyValues("tenancy.jpa.load-plan-cache-size=-1")
			.run((context) -> assertThatIllegalStateException().isThrownBy(() -> customized(context, new HashMap<>()))
				.withMessageContaining("tenancy.jpa.load-plan-cache-size must be 0 or more, was -1"));
	}

	private static Map<String, Object> customized(ApplicationContext context, Map<String, Object> properties) {
		context.getBeanProvider(HibernatePropertiesCustomizer.class)
			.forEach((customizer) -> customizer.customize(properties));
		return properties;
	}

}
