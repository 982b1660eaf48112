package dev.tenancy.jpa.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.StorageNames;
import dev.tenancy.jpa.routing.DatabaseServer;
import dev.tenancy.jpa.routing.PooledTenantDataSources;
import dev.tenancy.jpa.routing.TenantDataSources;
import dev.tenancy.jpa.routing.TenantPoolLimits;
import dev.tenancy.jpa.routing.TenantPoolMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Pools for {@code DATABASE} tenants on the servers of {@code tenancy.placement.servers}, with the server
 * {@value StorageNames#PRIMARY_SERVER} defaulting to the application's own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HikariDataSource.class)
@EnableConfigurationProperties(TenancyPlacementProperties.class)
class DatabasePlacementConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DatabasePlacementConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(TenantDataSources.class)
	PooledTenantDataSources tenantDataSources(TenancyPlacementProperties properties, Environment environment) {
		TenancyPlacementProperties.Database database = properties.getDatabase();
		TenantPoolLimits limits = new TenantPoolLimits(database.getMaxPools(), database.getConnectionBudget(),
				database.getMaxPoolSize(), database.getIdleTimeout(), database.getConnectionTimeout());
		if (database.getMaxPoolSize() > limits.share()) {
			logger.warn("tenancy.placement.database.max-pool-size is {}, but each of the {} pools gets {} of the {} "
					+ "connections of the budget: tenant pools hold {} connections at most", database.getMaxPoolSize(),
					limits.maxPools(), limits.share(), limits.connectionBudget(), limits.poolSize());
		}
		return new PooledTenantDataSources(servers(properties, environment), limits);
	}

	/**
	 * The tenant pools' meters, when Micrometer is there and the pools are the library's own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class TenantPoolMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(TenantPoolMetrics.class)
		MeterBinder tenantPoolMetrics(ObjectProvider<TenantDataSources> tenantDataSources) {
			return (registry) -> {
				if (tenantDataSources.getIfAvailable() instanceof PooledTenantDataSources pools) {
					new TenantPoolMetrics(pools).bindTo(registry);
				}
			};
		}

	}

	static List<DatabaseServer> servers(TenancyPlacementProperties properties, Environment environment) {
		Map<String, TenancyPlacementProperties.Server> configured = new LinkedHashMap<>(properties.getServers());
		List<DatabaseServer> servers = new ArrayList<>();
		TenancyPlacementProperties.Server primary = configured.remove(StorageNames.PRIMARY_SERVER);
		DatabaseServer applicationServer = primaryServer((primary != null) ? primary : new TenancyPlacementProperties.Server(),
				environment);
		if (applicationServer != null) {
			servers.add(creatingDatabases(primary, applicationServer));
		}
		else if (primary != null && primary.isCreateDatabases()) {
			throw new IllegalArgumentException("tenancy.placement.servers.primary.create-databases is set, but the "
					+ "primary server has no URL: set spring.datasource.url to a jdbc:postgresql: URL, or "
					+ "tenancy.placement.servers.primary.url");
		}
		configured.forEach((name, server) -> {
			if (server.getUrl() == null) {
				throw new IllegalArgumentException("tenancy.placement.servers." + name + ".url is required: a JDBC URL "
						+ "with " + DatabaseServer.DATABASE_PLACEHOLDER + " where the database name goes");
			}
			servers.add(creatingDatabases(server, new DatabaseServer(name, server.getUrl(), server.getUsername(),
					server.getPassword(), server.getOwnerUsername(), server.getOwnerPassword())));
		});
		return servers;
	}

	private static DatabaseServer creatingDatabases(TenancyPlacementProperties.@Nullable Server properties,
			DatabaseServer server) {
		return (properties != null && properties.isCreateDatabases())
				? server.withDatabaseCreation(properties.getMaintenanceDatabase()) : server;
	}

	/** The application's own server, each login defaulting to Boot's; none if no URL is known. */
	private static @Nullable DatabaseServer primaryServer(TenancyPlacementProperties.Server primary,
			Environment environment) {
		String url = primary.getUrl();
		if (url == null) {
			String applicationUrl = environment.getProperty("spring.datasource.url");
			if (applicationUrl == null || !applicationUrl.startsWith("jdbc:postgresql:")) {
				return null;
			}
			url = DatabaseServer.urlTemplateOf(applicationUrl);
		}
		boolean ownLogin = primary.getUsername() != null;
		return new DatabaseServer(StorageNames.PRIMARY_SERVER, url,
				ownLogin ? primary.getUsername() : environment.getProperty("spring.datasource.username"),
				ownLogin ? primary.getPassword() : environment.getProperty("spring.datasource.password"),
				(primary.getOwnerUsername() != null) ? primary.getOwnerUsername()
						: environment.getProperty("spring.flyway.user"),
				(primary.getOwnerUsername() != null) ? primary.getOwnerPassword()
						: environment.getProperty("spring.flyway.password"));
	}

}
