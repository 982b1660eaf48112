package dev.tenancy.jpa.autoconfigure;

import javax.sql.DataSource;

import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "tenancy.jpa.tenant-aware-data-source", matchIfMissing = true)
class TenantDataSourceConfiguration {

	@Bean
	static BeanPostProcessor tenantAwareDataSourcePostProcessor(Environment environment,
			ObjectProvider<TenantCatalog> catalog, ObjectProvider<TenantDataSources> databases) {
		return new TenantAwareDataSourcePostProcessor(environment, catalog, databases);
	}

	/**
	 * Wraps each DataSource bean once, leaving Boot's pool configuration and metrics untouched; a DataSource
	 * the application already made tenant-aware is left alone.
	 */
	static final class TenantAwareDataSourcePostProcessor implements BeanPostProcessor {

		private final Environment environment;

		private final ObjectProvider<TenantCatalog> catalog;

		private final ObjectProvider<TenantDataSources> databases;

		TenantAwareDataSourcePostProcessor(Environment environment, ObjectProvider<TenantCatalog> catalog,
				ObjectProvider<TenantDataSources> databases) {
			this.environment = environment;
			this.catalog = catalog;
			this.databases = databases;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof DataSource dataSource && !(bean instanceof TenantAwareDataSource)) {
				TenancyJpaProperties properties = Binder.get(this.environment)
					.bindOrCreate("tenancy.jpa", TenancyJpaProperties.class);
				TenantAwareDataSource tenantAware = new TenantAwareDataSource(dataSource,
						properties.getConnectionMode(), properties.getSettingName(), this.catalog::getIfAvailable,
						this.databases::getIfAvailable);
				tenantAware.setMaxSchemasPerConnection(properties.getMaxSchemasPerConnection());
				tenantAware.setPerSchemaStatements(properties.isPerSchemaStatements());
				return tenantAware;
			}
			return bean;
		}

	}

}
