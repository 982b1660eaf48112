package dev.tenancy.jpa.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.hibernate.TenantConnectionProvider;
import dev.tenancy.jpa.hibernate.TenantContextIdentifierResolver;
import dev.tenancy.jpa.hibernate.TenantRequiredStatementInspector;
import dev.tenancy.jpa.rls.GuardMode;
import dev.tenancy.jpa.rls.RlsStartupGuard;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyJpaAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyJpaAutoConfiguration.class))
		.withPropertyValues("tenancy.rls.guard=OFF");

	@Test
	void wrapsTheDataSourceBeanInTransactionModeByDefault() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(TenantAwareDataSource.class);
			assertThat(((TenantAwareDataSource) dataSource).getMode()).isEqualTo(TenantConnectionMode.TRANSACTION);
			assertThat(((TenantAwareDataSource) dataSource).getSettingName()).isEqualTo("app.tenant_id");
		});
	}

	@Test
	void connectionModeAndSettingNameAreConfigurable() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("tenancy.jpa.connection-mode=SESSION", "tenancy.jpa.setting-name=myapp.tenant")
			.run((context) -> {
				TenantAwareDataSource dataSource = context.getBean(TenantAwareDataSource.class);
				assertThat(dataSource.getMode()).isEqualTo(TenantConnectionMode.SESSION);
				assertThat(dataSource.getSettingName()).isEqualTo("myapp.tenant");
			});
	}

	@Test
	void tenantTravelsWithTheFirstStatementByDefault() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context.getBean(TenantAwareDataSource.class).isTenantWithFirstStatement())
				.isTrue());
	}

	@Test
	void tenantWithTheFirstStatementCanBeSwitchedOff() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("tenancy.jpa.tenant-with-first-statement=false")
			.run((context) -> assertThat(context.getBean(TenantAwareDataSource.class).isTenantWithFirstStatement())
				.isFalse());
	}

	@Test
	void schemaTenantsGetPoolsCopiedFromTheApplicationsPool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:postgresql://localhost:5432/app");
		pool.setUsername("app_role");
		pool.setPoolName("app");
		pool.setMaximumPoolSize(10);
		List<HikariDataSource> schemaPools = new ArrayList<>();
		this.runner.withBean(DataSource.class, () -> pool)
			.withPropertyValues("tenancy.jpa.schema-pools.count=3", "tenancy.jpa.schema-pools.maximum-pool-size=4")
			.run((context) -> {
				TenantAwareDataSource dataSource = context.getBean(TenantAwareDataSource.class);
				for (String schema : List.of("t_a", "t_b", "t_c", "t_d", "t_e", "t_f", "t_g", "t_h")) {
					HikariDataSource schemaPool = (HikariDataSource) dataSource.schemaPool(schema);
					assertThat(dataSource.schemaPool(schema)).isSameAs(schemaPool);
					if (!schemaPools.contains(schemaPool)) {
						schemaPools.add(schemaPool);
					}
				}
				assertThat(schemaPools).hasSize(3);
				assertThat(schemaPools).extracting(HikariDataSource::getPoolName)
					.allMatch((name) -> name.matches("app-schemas-[0-2]"));
				assertThat(schemaPools).allSatisfy((schemaPool) -> {
					assertThat(schemaPool.getJdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
					assertThat(schemaPool.getUsername()).isEqualTo("app_role");
					assertThat(schemaPool.getMaximumPoolSize()).isEqualTo(4);
				});
			});
		assertThat(schemaPools).allMatch(HikariDataSource::isClosed);
		assertThat(pool.isClosed()).isTrue();
	}

	@Test
	void schemaPoolsNeedAHikariPool() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("tenancy.jpa.schema-pools.count=2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.jpa.schema-pools.count")
				.hasMessageContaining("HikariCP"));
	}

	@Test
	void backsOffWhenUserDefinesTenantAwareDataSource() {
		TenantAwareDataSource own = new TenantAwareDataSource(new SimpleDriverDataSource(), TenantConnectionMode.SESSION,
				"app.tenant_id");
		this.runner.withBean(DataSource.class, () -> own)
			.run((context) -> assertThat(context.getBean(DataSource.class)).isSameAs(own));
	}

	@Test
	void dataSourceWrappingCanBeSwitchedOff() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("tenancy.jpa.tenant-aware-data-source=false")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class));
	}

	@Test
	void registersTheTenantResolverAndStatementInspectorWithHibernate() {
		this.runner.run((context) -> {
			Map<String, Object> properties = new HashMap<>();
			context.getBeanProvider(HibernatePropertiesCustomizer.class).forEach((c) -> c.customize(properties));
			assertThat(properties.get(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER))
				.isInstanceOf(TenantContextIdentifierResolver.class);
			assertThat(properties.get(JdbcSettings.STATEMENT_INSPECTOR)).isInstanceOf(TenantRequiredStatementInspector.class);
		});
	}

	@Test
	void registersTheTenantConnectionProviderOverTheTenantAwareDataSource() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new).run((context) -> {
			Map<String, Object> properties = new HashMap<>();
			context.getBeanProvider(HibernatePropertiesCustomizer.class).forEach((c) -> c.customize(properties));
			assertThat(properties.get(MultiTenancySettings.MULTI_TENANT_CONNECTION_PROVIDER))
				.isSameAs(context.getBean(TenantConnectionProvider.class));
		});
	}

	@Test
	void backsOffWhenUserDefinesMultiTenantConnectionProvider() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withBean("ownProvider", MultiTenantConnectionProvider.class,
					() -> new TenantConnectionProvider(new SimpleDriverDataSource()))
			.run((context) -> {
				Map<String, Object> properties = new HashMap<>();
				context.getBeanProvider(HibernatePropertiesCustomizer.class).forEach((c) -> c.customize(properties));
				assertThat(properties.get(MultiTenancySettings.MULTI_TENANT_CONNECTION_PROVIDER))
					.isSameAs(context.getBean("ownProvider"));
			});
	}

	@Test
	void discriminatorOffMakesEveryTenantRoot() {
		this.runner.withPropertyValues("tenancy.jpa.discriminator-enabled=false").run((context) -> {
			TenantContextIdentifierResolver resolver = context.getBean(TenantContextIdentifierResolver.class);
			assertThat(resolver.isRoot("acme")).isTrue();
			assertThat(resolver.isRoot(TenantContextIdentifierResolver.NO_TENANT)).isFalse();
		});
	}

	@Test
	void backsOffWhenUserDefinesCurrentTenantIdentifierResolver() {
		CurrentTenantIdentifierResolver<String> own = new CurrentTenantIdentifierResolver<>() {

			@Override
			public String resolveCurrentTenantIdentifier() {
				return "x";
			}

			@Override
			public boolean validateExistingCurrentSessions() {
				return true;
			}

		};
		this.runner.withBean("ownResolver", CurrentTenantIdentifierResolver.class, () -> own).run((context) -> {
			assertThat(context).doesNotHaveBean(TenantContextIdentifierResolver.class);
			Map<String, Object> properties = new HashMap<>();
			context.getBeanProvider(HibernatePropertiesCustomizer.class).forEach((c) -> c.customize(properties));
			assertThat(properties.get(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER)).isSameAs(own);
		});
	}

	@Test
	void hibernateLayerNeedsHibernateOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(CurrentTenantIdentifierResolver.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HibernatePropertiesCustomizer.class));
	}

	@Test
	void addsTheRlsMigrationLocationToFlywayOnce() {
		this.runner.run((context) -> {
			FluentConfiguration configuration = Flyway.configure().locations("classpath:db/migration");
			FlywayConfigurationCustomizer customizer = context.getBean(FlywayConfigurationCustomizer.class);
			customizer.customize(configuration);
			customizer.customize(configuration);
			assertThat(configuration.getLocations()).extracting(Object::toString)
				.containsExactly("classpath:db/migration", "classpath:db/tenancy/rls");
		});
	}

	@Test
	void rlsMigrationCanBeSwitchedOff() {
		this.runner.withPropertyValues("tenancy.rls.flyway-migration=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FlywayConfigurationCustomizer.class));
	}

	@Test
	void registersTheStartupGuardForASingleDataSource() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context).hasSingleBean(RlsStartupGuard.class));
	}

	@Test
	void backsOffWhenUserDefinesRlsStartupGuard() {
		this.runner.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withBean("ownGuard", RlsStartupGuard.class,
					() -> new RlsStartupGuard(new SimpleDriverDataSource(), "tenant_id", GuardMode.OFF))
			.run((context) -> assertThat(context).getBean(RlsStartupGuard.class).isSameAs(context.getBean("ownGuard")));
	}

	@Test
	void propertiesDefaultsMatchTheDocumentation() {
		TenancyJpaProperties jpa = new TenancyJpaProperties();
		assertThat(jpa.isTenantAwareDataSource()).isTrue();
		assertThat(jpa.getConnectionMode()).isEqualTo(TenantConnectionMode.TRANSACTION);
		assertThat(jpa.getSettingName()).isEqualTo("app.tenant_id");
		assertThat(jpa.isDiscriminatorEnabled()).isTrue();
		assertThat(jpa.getMaxSchemasPerConnection()).isEqualTo(1000);
		assertThat(jpa.isPerSchemaStatements()).isFalse();
		assertThat(jpa.isTenantWithFirstStatement()).isTrue();
		TenancyRlsProperties rls = new TenancyRlsProperties();
		assertThat(rls.getGuard()).isEqualTo(GuardMode.FAIL);
		assertThat(rls.getTenantColumn()).isEqualTo("tenant_id");
		assertThat(rls.isFlywayMigration()).isTrue();
		assertThat(rls.getFlywayLocation()).isEqualTo("classpath:db/tenancy/rls");
	}

}
