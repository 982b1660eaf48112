package dev.tenancy.jpa.autoconfigure;

import javax.sql.DataSource;

import dev.tenancy.jpa.connection.TenantAwareDataSource;
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
	static BeanPostProcessor tenantAwareDataSourcePostProcessor(Environment environment) {
		return new TenantAwareDataSourcePostProcessor(environment);
	}

	/**
	 * Wraps each DataSource bean once, leaving Boot's pool configuration and metrics untouched; a DataSource
	 * the application already made tenant-aware is left alone.
	 */
	static final class TenantAwareDataSourcePostProcessor implements BeanPostProcessor {

		private final Environment environment;

		TenantAwareDataSourcePostProcessor(Environment environment) {
			this.environment = environment;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof DataSource dataSource && !(bean instanceof TenantAwareDataSource)) {
				TenancyJpaProperties properties = Binder.get(this.environment)
					.bindOrCreate("tenancy.jpa", TenancyJpaProperties.class);
				return new TenantAwareDataSource(dataSource, properties.getConnectionMode(),
						properties.getSettingName());
			}
			return bean;
		}

	}

}
