package dev.tenancy.jpa.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.autoconfigure.TenancyProperties;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.migration.InMemoryTenantMigrationStateStore;
import dev.tenancy.jpa.migration.TenantFlywayConfigurationCustomizer;
import dev.tenancy.jpa.migration.TenantFlywayFactory;
import dev.tenancy.jpa.migration.TenantMigrationReadiness;
import dev.tenancy.jpa.migration.TenantMigrationSet;
import dev.tenancy.jpa.migration.TenantMigrationState;
import dev.tenancy.jpa.migration.TenantMigrationStateStore;
import dev.tenancy.jpa.migration.TenantMigrationsEndpoint;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * Per-tenant Flyway migrations for SCHEMA and DATABASE tenants: the migrator, its start-up run, the readiness
 * check that refuses tenants that are behind, and, with Actuator, the {@code tenancymigrations} endpoint.
 * No owner connection is made at start-up unless the catalog lists a SCHEMA or DATABASE tenant that is not
 * recorded as migrated.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Flyway.class, org.springframework.boot.jdbc.DataSourceBuilder.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(TenancyMigrationProperties.class)
class TenantMigrationConfiguration {

	/**
	 * The JDBC catalog records migration states in its table; any other catalog keeps them in memory. The
	 * catalog is exposed through {@link CatalogStateStore}, so that it is not a second {@link TenantCatalog} bean.
	 */
	@Bean
	@ConditionalOnMissingBean
	TenantMigrationStateStore tenantMigrationStateStore(ObjectProvider<TenantCatalog> catalog) {
		TenantCatalog current = catalog.getIfAvailable();
		while (current instanceof CachingTenantCatalog caching) {
			current = caching.getDelegate();
		}
		return (current instanceof TenantMigrationStateStore store) ? new CatalogStateStore(store)
				: new InMemoryTenantMigrationStateStore();
	}

	@Bean
	@ConditionalOnMissingBean
	TenantFlywayFactory tenantFlywayFactory(DataSource dataSource, Environment environment,
			TenancyMigrationProperties properties, ObjectProvider<TenantDataSources> tenantDataSources,
			ObjectProvider<TenantFlywayConfigurationCustomizer> customizers, ResourceLoader resourceLoader) {
		Map<String, String> placeholders = new LinkedHashMap<>(Binder.get(environment)
			.bind("spring.flyway.placeholders", Bindable.mapOf(String.class, String.class))
			.orElseGet(Map::of));
		placeholders.putAll(properties.getPlaceholders());
		ClassLoader classLoader = (resourceLoader.getClassLoader() != null) ? resourceLoader.getClassLoader()
				: TenantMigrationConfiguration.class.getClassLoader();
		return TenantFlywayFactory.builder(ControlPlaneDataSources.owner(environment, dataSource))
			.tenantDataSources(tenantDataSources::getIfAvailable)
			.tenantLocations(properties.getTenantLocations())
			.databaseLibraryLocations(properties.getDatabaseLibraryLocations())
			.placeholders(placeholders)
			.table(properties.getTable())
			.classLoader(classLoader)
			.customizers(customizers.orderedStream().toList())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	TenantMigrator tenantMigrator(ObjectProvider<TenantCatalog> catalog, TenantMigrationStateStore store,
			TenantFlywayFactory factory, TenancyMigrationProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		TenantMigrationSet migrations = TenantMigrationSet
			.scan(ResourcePatternUtils.getResourcePatternResolver(resourceLoader), factory);
		TenancyProperties.Catalog cache = Binder.get(environment)
			.bindOrCreate("tenancy.catalog", TenancyProperties.Catalog.class);
		return new TenantMigrator(catalogOrEmpty(catalog), store, factory, migrations, properties.getParallelism(),
				cache.getCacheTtl());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(MigrationModeNotOff.class)
	TenantMigrationReadiness tenantMigrationReadiness(TenantMigrator migrator) {
		return new TenantMigrationReadiness(migrator);
	}

	/** Runs once every singleton, Boot's Flyway migration of the primary database included, has been created. */
	@Bean
	SmartInitializingSingleton tenantMigrationStartupRunner(TenantMigrator migrator,
			TenancyMigrationProperties properties) {
		return () -> migrator.run(properties.getMode());
	}

	private static TenantCatalog catalogOrEmpty(ObjectProvider<TenantCatalog> catalog) {
		return catalog.getIfAvailable(() -> new PropertiesTenantCatalog(List.of()));
	}

	/** The state store of the catalog, and nothing else. */
	static final class CatalogStateStore implements TenantMigrationStateStore {

		private final TenantMigrationStateStore catalog;

		CatalogStateStore(TenantMigrationStateStore catalog) {
			this.catalog = catalog;
		}

		@Override
		public Optional<TenantMigrationState> findState(TenantId id) {
			return this.catalog.findState(id);
		}

		@Override
		public Map<TenantId, TenantMigrationState> findAllStates() {
			return this.catalog.findAllStates();
		}

		@Override
		public void recordState(TenantId id, TenantMigrationState state) {
			this.catalog.recordState(id, state);
		}

		@Override
		public void recordStates(Map<TenantId, TenantMigrationState> states) {
			this.catalog.recordStates(states);
		}

		TenantMigrationStateStore getCatalog() {
			return this.catalog;
		}

	}

	static final class MigrationModeNotOff extends NoneNestedConditions {

		MigrationModeNotOff() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "tenancy.migration.mode", havingValue = "off")
		static final class ModeOff {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(TenantMigrationsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantMigrationsEndpoint tenantMigrationsEndpoint(ObjectProvider<TenantCatalog> catalog,
				TenantMigrationStateStore store, TenantMigrator migrator) {
			return new TenantMigrationsEndpoint(catalogOrEmpty(catalog), store, migrator);
		}

	}

}
