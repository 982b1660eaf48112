package dev.tenancy.jpa.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.connection.SessionModeStartupGuard;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

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
	 * Once every singleton exists, checks each SESSION-mode data source for a transaction-pooling proxy in
	 * front of it.
	 */
	@Bean
	SmartInitializingSingleton sessionModeStartupGuard(ListableBeanFactory beanFactory, TenancyJpaProperties properties) {
		return () -> beanFactory.getBeansOfType(DataSource.class).forEach((name, dataSource) -> {
			if (dataSource instanceof TenantAwareDataSource tenantAware) {
				new SessionModeStartupGuard(tenantAware, name, properties.getSessionModeGuard()).check();
			}
		});
	}

	/**
	 * Wraps each DataSource bean once, leaving Boot's pool configuration and metrics untouched; a DataSource
	 * the application already made tenant-aware is left alone.
	 */
	static final class TenantAwareDataSourcePostProcessor implements BeanPostProcessor, DisposableBean {

		private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
				TenantAwareDataSourcePostProcessor.class.getClassLoader());

		private final Environment environment;

		private final ObjectProvider<TenantCatalog> catalog;

		private final ObjectProvider<TenantDataSources> databases;

		/** The SCHEMA tenants' pools this post-processor created; Boot closes only the pools it made itself. */
		private final List<AutoCloseable> createdPools = new ArrayList<>();

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
						properties.getConnectionMode(), properties.getSettingName(),
						new KeptOnceFound<>(this.catalog), new KeptOnceFound<>(this.databases));
				tenantAware.setMaxSchemasPerConnection(properties.getMaxSchemasPerConnection());
				tenantAware.setPerSchemaStatements(properties.isPerSchemaStatements());
				tenantAware.setTenantWithFirstStatement(properties.isTenantWithFirstStatement());
				tenantAware.setSchemaPools(schemaPools(dataSource, beanName, properties.getSchemaPools()));
				return tenantAware;
			}
			return bean;
		}

		/**
		 * Closes the SCHEMA tenants' pools. Post-processors are destroyed after the beans that use them.
		 */
		@Override
		public void destroy() throws Exception {
			Exception failure = null;
			for (AutoCloseable pool : this.createdPools) {
				try {
					pool.close();
				}
				catch (Exception ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
			this.createdPools.clear();
			if (failure != null) {
				throw failure;
			}
		}

		private List<DataSource> schemaPools(DataSource dataSource, String beanName,
				TenancyJpaProperties.SchemaPools settings) {
			if (settings.getCount() <= 0) {
				return List.of();
			}
			if (settings.getMaximumPoolSize() < 1) {
				throw new IllegalStateException("tenancy.jpa.schema-pools.maximum-pool-size must be at least 1, was "
						+ settings.getMaximumPoolSize());
			}
			if (!HIKARI_PRESENT || !(dataSource instanceof com.zaxxer.hikari.HikariDataSource)) {
				throw new IllegalStateException("tenancy.jpa.schema-pools.count is set, but DataSource bean '"
						+ beanName + "' is a " + dataSource.getClass().getName()
						+ "; SCHEMA tenants' pools are copies of a HikariCP pool (com.zaxxer.hikari.HikariDataSource)");
			}
			List<DataSource> pools = HikariSchemaPools.create((com.zaxxer.hikari.HikariDataSource) dataSource, beanName,
					settings);
			pools.forEach((pool) -> this.createdPools.add((AutoCloseable) pool));
			return pools;
		}

	}

	/** Kept apart so that HikariCP is only loaded when it is on the class path. */
	private static final class HikariSchemaPools {

		static List<DataSource> create(com.zaxxer.hikari.HikariDataSource template, String beanName,
				TenancyJpaProperties.SchemaPools settings) {
			String name = (template.getPoolName() != null) ? template.getPoolName() : beanName;
			List<DataSource> pools = new ArrayList<>();
			for (int i = 0; i < settings.getCount(); i++) {
				// not started until first used, like Boot's own pool
				com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
				template.copyStateTo(pool);
				pool.setPoolName(name + "-schemas-" + i);
				pool.setMaximumPoolSize(settings.getMaximumPoolSize());
				if (template.getMinimumIdle() >= 0) {
					pool.setMinimumIdle(Math.min(template.getMinimumIdle(), settings.getMaximumPoolSize()));
				}
				pools.add(pool);
			}
			return pools;
		}

	}

	/**
	 * A bean the data source asks for on every connection: looked up in the bean factory until it exists, which
	 * may be after the data source (the catalog itself needs one), then kept. A lookup per connection costs a
	 * dependency resolution each time.
	 */
	static final class KeptOnceFound<T> implements Supplier<@Nullable T> {

		private final ObjectProvider<T> provider;

		private volatile @Nullable T found;

		KeptOnceFound(ObjectProvider<T> provider) {
			this.provider = provider;
		}

		@Override
		public @Nullable T get() {
			T bean = this.found;
			if (bean == null) {
				bean = this.provider.getIfAvailable();
				this.found = bean;
			}
			return bean;
		}

	}

}
