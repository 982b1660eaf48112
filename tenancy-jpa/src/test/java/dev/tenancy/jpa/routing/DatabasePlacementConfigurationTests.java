package dev.tenancy.jpa.routing;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.jpa.autoconfigure.TenancyPlacementProperties;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DatabasePlacementConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(placementConfiguration()));

	@Test
	void createsPooledTenantDataSourcesWithTheDefaultLimits() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TenantDataSources.class).hasSingleBean(TenancyPlacementProperties.class);
			PooledTenantDataSources pools = context.getBean(PooledTenantDataSources.class);
			assertThat(pools.getLimits()).isEqualTo(new TenantPoolLimits(20, 100, 5, Duration.ofMinutes(10),
					Duration.ofSeconds(2)));
			assertThat(pools.getOpenPools()).isZero();
			assertThat(pools.getOpenConnections()).isZero();
		});
	}

	@Test
	void publishesThePoolsMeters() {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(registry.get("tenancy.pools.open").gauge().value()).isZero();
			assertThat(registry.get("tenancy.pools.connections.budget").gauge().value()).isEqualTo(100);
			assertThat(registry.get("tenancy.pools.connections").gauges()).hasSize(4);
		});
	}

	@Test
	void noPoolMetersForTenantDataSourcesOfTheApplications() {
		this.runner.withBean(TenantDataSources.class, ApplicationsTenantDataSources::new).run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(registry.find("tenancy.pools.open").gauge()).isNull();
		});
	}

	@Test
	void primaryServerDefaultsToTheApplicationDataSourceAndFlywayLogins() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://db:5432/app?sslmode=require",
					"spring.datasource.username=app_runtime", "spring.datasource.password=runtime-secret",
					"spring.flyway.user=app_owner", "spring.flyway.password=owner-secret")
			.run((context) -> {
				DatabaseServer primary = context.getBean(PooledTenantDataSources.class).getServers().get("primary");
				assertThat(primary.getUrlTemplate()).isEqualTo("jdbc:postgresql://db:5432/{database}?sslmode=require");
				assertThat(primary.getUsername()).isEqualTo("app_runtime");
				assertThat(primary.password()).isEqualTo("runtime-secret");
				assertThat(primary.getOwnerUsername()).isEqualTo("app_owner");
				assertThat(primary.ownerPassword()).isEqualTo("owner-secret");
			});
	}

	@Test
	void primaryServerCanBeConfiguredOnItsOwn() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://db:5432/app",
					"spring.datasource.username=app_runtime", "spring.flyway.user=app_owner",
					"tenancy.placement.servers.primary.url=jdbc:postgresql://tenants:5432/{database}",
					"tenancy.placement.servers.primary.username=tenant_runtime",
					"tenancy.placement.servers.primary.owner-username=tenant_owner")
			.run((context) -> {
				DatabaseServer primary = context.getBean(PooledTenantDataSources.class).getServers().get("primary");
				assertThat(primary.getUrlTemplate()).isEqualTo("jdbc:postgresql://tenants:5432/{database}");
				assertThat(primary.getUsername()).isEqualTo("tenant_runtime");
				assertThat(primary.getOwnerUsername()).isEqualTo("tenant_owner");
			});
	}

	@Test
	void withoutAPostgreSQLDataSourceThereIsNoPrimaryServer() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:app")
			.run((context) -> assertThat(context.getBean(PooledTenantDataSources.class).getServers()).isEmpty());
	}

	@Test
	void bindsServersWithCredentialsFromTheEnvironmentAndPoolLimits() {
		this.runner
			.withPropertyValues("SECOND_DB_PASSWORD=from-the-environment",
					"tenancy.placement.servers.second.url=jdbc:postgresql://db2:5433/{database}",
					"tenancy.placement.servers.second.username=tenant_runtime",
					"tenancy.placement.servers.second.password=${SECOND_DB_PASSWORD}",
					"tenancy.placement.servers.second.owner-username=tenant_owner",
					"tenancy.placement.servers.second.owner-password=${SECOND_DB_OWNER_PASSWORD:owner-default}",
					"tenancy.placement.database.max-pools=10", "tenancy.placement.database.connection-budget=30",
					"tenancy.placement.database.max-pool-size=8", "tenancy.placement.database.idle-timeout=90s",
					"tenancy.placement.database.connection-timeout=500ms")
			.run((context) -> {
				PooledTenantDataSources pools = context.getBean(PooledTenantDataSources.class);
				DatabaseServer second = pools.getServers().get("second");
				assertThat(second.getUrlTemplate()).isEqualTo("jdbc:postgresql://db2:5433/{database}");
				assertThat(second.getUsername()).isEqualTo("tenant_runtime");
				assertThat(second.password()).isEqualTo("from-the-environment");
				assertThat(second.getOwnerUsername()).isEqualTo("tenant_owner");
				assertThat(second.ownerPassword()).isEqualTo("owner-default");
				assertThat(pools.getLimits()).isEqualTo(new TenantPoolLimits(10, 30, 8, Duration.ofSeconds(90),
						Duration.ofMillis(500)));
				assertThat(pools.getLimits().poolSize()).isEqualTo(3);
			});
	}

	@Test
	void serversCreateTenantDatabasesOnlyWhenConfiguredTo() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://db:5432/app",
					"spring.datasource.username=app_runtime", "spring.flyway.user=app_owner",
					"tenancy.placement.servers.primary.create-databases=true",
					"tenancy.placement.servers.second.url=jdbc:postgresql://db2:5433/{database}",
					"tenancy.placement.servers.second.username=tenant_runtime",
					"tenancy.placement.servers.second.owner-username=tenant_owner",
					"tenancy.placement.servers.second.create-databases=true",
					"tenancy.placement.servers.second.maintenance-database=admin_db",
					"tenancy.placement.servers.third.url=jdbc:postgresql://db3:5433/{database}")
			.run((context) -> {
				PooledTenantDataSources pools = context.getBean(PooledTenantDataSources.class);
				assertThat(pools.getServers().get("primary").getMaintenanceDatabase()).isEqualTo("postgres");
				assertThat(pools.getServers().get("second").getMaintenanceDatabase()).isEqualTo("admin_db");
				assertThat(pools.getServers().get("third").isCreatingDatabases()).isFalse();
			});
	}

	@Test
	void failsToStartWhenAServerThatCreatesDatabasesHasNoOwnerLogin() {
		this.runner
			.withPropertyValues("tenancy.placement.servers.second.url=jdbc:postgresql://db2:5433/{database}",
					"tenancy.placement.servers.second.username=tenant_runtime",
					"tenancy.placement.servers.second.create-databases=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Server 'second' creates tenant databases, which its owner role does: set "
						+ "tenancy.placement.servers.second.owner-username and owner-password"));
	}

	@Test
	void failsToStartWhenThePrimaryServerShouldCreateDatabasesButHasNoUrl() {
		this.runner.withPropertyValues("tenancy.placement.servers.primary.create-databases=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.placement.servers.primary.create-databases is set, but the primary "
						+ "server has no URL"));
	}

	@Test
	void backsOffWhenUserDefinesTenantDataSources() {
		TenantDataSources own = new TenantDataSources() {

			@Override
			public DataSource runtimeDataSource(Tenant tenant) {
				throw new UnsupportedOperationException();
			}

			@Override
			public DataSource ownerDataSource(Tenant tenant) {
				throw new UnsupportedOperationException();
			}

		};
		this.runner.withBean("ownTenantDataSources", TenantDataSources.class, () -> own).run((context) -> {
			assertThat(context).doesNotHaveBean(PooledTenantDataSources.class);
			assertThat(context.getBean(TenantDataSources.class)).isSameAs(own);
		});
	}

	@Test
	void failsToStartWhenAServerUrlHasNoDatabasePlaceholder() {
		this.runner.withPropertyValues("tenancy.placement.servers.second.url=jdbc:postgresql://db2:5433/app")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("the URL of server 'second' must be a JDBC URL with {database}"));
	}

	@Test
	void failsToStartWhenAServerHasNoUrl() {
		this.runner.withPropertyValues("tenancy.placement.servers.second.username=app")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.placement.servers.second.url is required"));
	}

	@Test
	void failsToStartWhenTheBudgetCannotGiveEveryPoolAConnection() {
		this.runner
			.withPropertyValues("tenancy.placement.database.max-pools=50",
					"tenancy.placement.database.connection-budget=20")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("connection-budget (20) must be at least max-pools (50)"));
	}

	@Test
	void needsHikariOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TenantDataSources.class));
	}

	@Test
	void closesThePoolsWithTheContext() {
		this.runner.withPropertyValues("tenancy.placement.servers.second.url=jdbc:postgresql://127.0.0.1:5499/{database}")
			.run((context) -> {
				PooledTenantDataSources pools = context.getBean(PooledTenantDataSources.class);
				DataSource dataSource = pools.runtimeDataSource(new Tenant(TenantId.of("acme"), "Acme",
						TenantStatus.ACTIVE, Placement.DATABASE, null, "second", null));
				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
				assertThatIllegalStateException().isThrownBy(dataSource::getConnection)
					.withMessageContaining("shutting down");
			});
	}

	/**
	 * The configuration is package-private in {@code dev.tenancy.jpa.autoconfigure}, imported by
	 * {@code TenancyJpaAutoConfiguration}; these tests load it on its own.
	 */
	private static Class<?> placementConfiguration() {
		try {
			return Class.forName("dev.tenancy.jpa.autoconfigure.DatabasePlacementConfiguration");
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static final class ApplicationsTenantDataSources implements TenantDataSources {

		@Override
		public DataSource runtimeDataSource(Tenant tenant) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DataSource ownerDataSource(Tenant tenant) {
			throw new UnsupportedOperationException();
		}

	}

}
