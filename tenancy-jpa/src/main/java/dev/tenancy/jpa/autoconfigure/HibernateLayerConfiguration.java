package dev.tenancy.jpa.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import dev.tenancy.jpa.hibernate.TenantConnectionProvider;
import dev.tenancy.jpa.hibernate.TenantContextIdentifierResolver;
import dev.tenancy.jpa.hibernate.TenantIdAssignmentGuard;
import dev.tenancy.jpa.hibernate.TenantPersisterClassResolver;
import dev.tenancy.jpa.hibernate.TenantRequiredStatementInspector;
import dev.tenancy.jpa.hibernate.TenantSqmTranslatorFactory;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.persister.internal.PersisterClassResolverInitiator;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ CurrentTenantIdentifierResolver.class, HibernatePropertiesCustomizer.class })
class HibernateLayerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(HibernateLayerConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(CurrentTenantIdentifierResolver.class)
	TenantContextIdentifierResolver tenantContextIdentifierResolver(TenancyJpaProperties properties) {
		return new TenantContextIdentifierResolver(properties.isDiscriminatorEnabled());
	}

	@Bean
	@ConditionalOnMissingBean(MultiTenantConnectionProvider.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	TenantConnectionProvider tenantConnectionProvider(DataSource dataSource) {
		return new TenantConnectionProvider(dataSource);
	}

	@Bean
	HibernatePropertiesCustomizer tenantIdentifierResolverCustomizer(CurrentTenantIdentifierResolver<?> resolver,
			ObjectProvider<MultiTenantConnectionProvider<?>> connectionProvider, TenancyJpaProperties properties) {
		return (hibernateProperties) -> {
			if (properties.isDiscriminatorEnabled()) {
				guardTenantIdAssignments(hibernateProperties, properties.getQueryTranslationCacheSize());
				keepLoadPlans(hibernateProperties, properties.getLoadPlanCacheSize());
			}
			hibernateProperties.put(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER, resolver);
			connectionProvider.ifAvailable((provider) -> hibernateProperties
				.put(MultiTenancySettings.MULTI_TENANT_CONNECTION_PROVIDER, provider));
			Object existing = hibernateProperties.get(JdbcSettings.STATEMENT_INSPECTOR);
			if (existing == null || existing instanceof StatementInspector) {
				hibernateProperties.put(JdbcSettings.STATEMENT_INSPECTOR,
						new TenantRequiredStatementInspector((StatementInspector) existing));
			}
			else {
				logger.warn("hibernate.session_factory.statement_inspector is set by class name; statements run "
						+ "without a tenant will not fail early. Configure it as a bean-backed instance instead.");
			}
		};
	}

	/**
	 * Hibernate builds a new plan for every load by id of an entity the @TenantId filter applies to; the library's
	 * persisters keep them per tenant. An application with a persister class resolver of its own keeps it.
	 */
	private static void keepLoadPlans(Map<String, Object> hibernateProperties, long loadPlanCacheSize) {
		if (loadPlanCacheSize < 0) {
			throw new IllegalStateException("tenancy.jpa.load-plan-cache-size must be 0 or more, was "
					+ loadPlanCacheSize + "; 0 keeps no plans");
		}
		if (loadPlanCacheSize == 0) {
			return;
		}
		if (hibernateProperties.get(PersisterClassResolverInitiator.IMPL_NAME) != null) {
			logger.info("{} is set; loads by id under the @TenantId filter build a new plan each time, as Hibernate "
					+ "does. Extend {} in your resolver to keep them per tenant.",
					PersisterClassResolverInitiator.IMPL_NAME, TenantPersisterClassResolver.class.getName());
			return;
		}
		if (!TenantPersisterClassResolver.supportsThisHibernate()) {
			logger.warn("This Hibernate version lacks the internal load plan API that {} builds on; loads by id under "
					+ "the @TenantId filter build a new plan each time, as Hibernate does. Set "
					+ "tenancy.jpa.load-plan-cache-size=0 to silence this.", TenantPersisterClassResolver.class.getName());
			return;
		}
		hibernateProperties.put(PersisterClassResolverInitiator.IMPL_NAME,
				new TenantPersisterClassResolver(loadPlanCacheSize));
	}

	/**
	 * Hibernate checks @TenantId when it saves entities but not in JPQL or Criteria updates and inserts; the guard
	 * refuses those that write it. Hibernate keeps no query plan while the @TenantId filter is enabled; unless the
	 * cache size is 0, the library's translator, which extends the guard, keeps JPQL selects' SQL trees per tenant
	 * (and the library's service contributor, seeing it, their SQL).
	 * Part of the Hibernate layer, so off with the discriminator. Hibernate takes the translator by class name
	 * only, so the cache size goes in a Hibernate property.
	 */
	private static void guardTenantIdAssignments(Map<String, Object> hibernateProperties,
			long queryTranslationCacheSize) {
		if (queryTranslationCacheSize < 0) {
			throw new IllegalStateException("tenancy.jpa.query-translation-cache-size must be 0 or more, was "
					+ queryTranslationCacheSize + "; 0 keeps no translations");
		}
		Object existing = hibernateProperties.get(QuerySettings.SEMANTIC_QUERY_TRANSLATOR);
		String guard = TenantIdAssignmentGuard.class.getName();
		String translator = TenantSqmTranslatorFactory.class.getName();
		if (existing == null || guard.equals(existing) || translator.equals(existing)) {
			if (queryTranslationCacheSize > 0) {
				hibernateProperties.put(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, translator);
				hibernateProperties.put(TenantSqmTranslatorFactory.CACHE_SIZE, queryTranslationCacheSize);
			}
			else {
				hibernateProperties.put(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, guard);
			}
		}
		else {
			logger.warn("hibernate.query.sqm.translator is set to {}; JPQL and Criteria updates and inserts that write "
					+ "a @TenantId attribute will not be refused by the Hibernate layer (row-level security still "
					+ "refuses them), and JPQL queries are translated on every execution. Extend {} in your "
					+ "translator to keep both.", existing, translator);
		}
	}

}
