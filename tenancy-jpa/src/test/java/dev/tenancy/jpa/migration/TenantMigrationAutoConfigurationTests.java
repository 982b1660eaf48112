package dev.tenancy.jpa.migration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.catalog.TenantReadiness;
import dev.tenancy.jpa.autoconfigure.TenancyCatalogProperties;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.autoconfigure.TenancyMigrationProperties;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class TenantMigrationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
		.withPropertyValues("tenancy.rls.guard=OFF")
		.withBean(DataSource.class, SimpleDriverDataSource::new);

	@Test
	void registersTheMigratorReadinessAndAnInMemoryStateStoreForThePropertiesCatalog() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TenantMigrator.class)
				.hasSingleBean(TenantFlywayFactory.class)
				.hasSingleBean(TenantMigrationReadiness.class)
				.getBean(TenantMigrationStateStore.class)
				.isInstanceOf(InMemoryTenantMigrationStateStore.class);
			assertThat(context.getBeansOfType(TenantReadiness.class)).hasSize(1);
			TenantMigrator migrator = context.getBean(TenantMigrator.class);
			assertThat(migrator.expectedVersion(Placement.SCHEMA)).isEqualTo("2");
			assertThat(migrator.expectedVersion(Placement.DATABASE)).isEqualTo("2");
		});
	}

	@Test
	void usesTheJdbcCatalogAsStateStoreWhenItIsTheCatalog() {
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.migration.mode=off")
			.run((context) -> {
				assertThat(context).hasSingleBean(TenantCatalog.class);
				assertThat(context).getBean(TenantMigrationStateStore.class)
					.isNotInstanceOf(InMemoryTenantMigrationStateStore.class)
					.extracting("catalog")
					.isInstanceOf(JdbcTenantCatalog.class);
			});
	}

	@Test
	void startupRunsTheConfiguredMode() {
		for (MigrationMode mode : MigrationMode.values()) {
			AtomicReference<MigrationMode> ran = new AtomicReference<>();
			this.runner.withPropertyValues("tenancy.migration.mode=" + mode.name().toLowerCase())
				.withBean(TenantMigrator.class, () -> new RecordingMigrator(ran))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(ran).hasValue(mode);
				});
		}
	}

	@Test
	void readinessIsNotCheckedWhenMigrationIsOff() {
		this.runner.withPropertyValues("tenancy.migration.mode=OFF")
			.run((context) -> assertThat(context).hasSingleBean(TenantMigrator.class)
				.doesNotHaveBean(TenantMigrationReadiness.class));
	}

	@Test
	void startsWithoutConnectingWhenNoTenantNeedsMigrations() {
		this.runner
			.withPropertyValues("tenancy.tenants.acme.display-name=Acme", "spring.flyway.user=owner",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void passesFlywayPlaceholdersAndTenantLocationsToEachTenant() {
		this.runner
			.withPropertyValues("spring.flyway.placeholders.appRole=app_runtime",
					"spring.flyway.placeholders.region=eu", "tenancy.migration.placeholders.region=us",
					"tenancy.migration.tenant-locations=classpath:db/tenant,classpath:db/more",
					"tenancy.migration.table=tenant_history")
			.run((context) -> {
				TenantFlywayFactory factory = context.getBean(TenantFlywayFactory.class);
				Configuration schema = factory.create(tenant(Placement.SCHEMA)).getConfiguration();
				assertThat(schema.getPlaceholders()).containsEntry("appRole", "app_runtime").containsEntry("region", "us");
				assertThat(schema.getLocations()).extracting(Object::toString)
					.containsExactlyInAnyOrder("classpath:db/tenant", "classpath:db/more");
				assertThat(schema.getSchemas()).containsExactly("t_acme");
				assertThat(schema.getDefaultSchema()).isEqualTo("t_acme");
				assertThat(schema.getTable()).isEqualTo("tenant_history");
				assertThat(schema.isCleanDisabled()).isTrue();
				assertThat(factory.locations(Placement.DATABASE)).containsExactly("classpath:db/tenancy/rls",
						"classpath:db/tenant", "classpath:db/more");
			});
	}

	@Test
	void appliesTenantFlywayCustomizers() {
		this.runner
			.withBean(TenantFlywayConfigurationCustomizer.class,
					() -> (tenant, configuration) -> configuration.connectRetries(7))
			.run((context) -> assertThat(context.getBean(TenantFlywayFactory.class)
				.create(tenant(Placement.SCHEMA))
				.getConfiguration()
				.getConnectRetries()).isEqualTo(7));
	}

	@Test
	void backsOffWhenUserDefinesTheMigratorItsPartsOrTheReadiness() {
		TenantMigrationStateStore store = new InMemoryTenantMigrationStateStore();
		TenantMigrationReadiness readiness = new TenantMigrationReadiness(new RecordingMigrator(new AtomicReference<>()));
		this.runner.withBean("ownStore", TenantMigrationStateStore.class, () -> store)
			.withBean("ownReadiness", TenantMigrationReadiness.class, () -> readiness)
			.run((context) -> {
				assertThat(context).getBean(TenantMigrationStateStore.class).isSameAs(store);
				assertThat(context).getBean(TenantMigrationReadiness.class).isSameAs(readiness);
			});
	}

	@Test
	void needsFlyway() {
		this.runner.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TenantMigrator.class));
	}

	@Test
	void needsADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class,
					TenancyJpaAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TenantMigrator.class));
	}

	@Test
	void exposesTheEndpointOnlyWhenItIsAvailable() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TenantMigrationsEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tenancymigrations")
			.run((context) -> assertThat(context).hasSingleBean(TenantMigrationsEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tenancymigrations")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(TenantMigrator.class)
				.doesNotHaveBean(TenantMigrationsEndpoint.class));
	}

	@Test
	void propertiesDefaultsMatchTheDocumentation() {
		TenancyMigrationProperties migration = new TenancyMigrationProperties();
		assertThat(migration.getMode()).isEqualTo(MigrationMode.MIGRATE);
		assertThat(migration.getTenantLocations()).containsExactly("classpath:db/tenant");
		assertThat(migration.getDatabaseLibraryLocations()).containsExactly("classpath:db/tenancy/rls");
		assertThat(migration.getParallelism()).isEqualTo(4);
		assertThat(migration.getTable()).isEqualTo("flyway_schema_history");
		assertThat(migration.getPlaceholders()).isEmpty();
		assertThat(new TenancyCatalogProperties().getType()).isEqualTo(TenancyCatalogProperties.Type.PROPERTIES);
	}

	private static Tenant tenant(Placement placement) {
		return new Tenant(TenantId.of("acme"), "Acme", TenantStatus.ACTIVE, placement);
	}

	/** A migrator that only records what start-up asked of it. */
	static final class RecordingMigrator extends TenantMigrator {

		private final AtomicReference<MigrationMode> ran;

		RecordingMigrator(AtomicReference<MigrationMode> ran) {
			super(new PropertiesTenantCatalog(List.of()), new InMemoryTenantMigrationStateStore(),
					TenantFlywayFactory.builder(new SimpleDriverDataSource()).placeholders(Map.of()).build(),
					new TenantMigrationSet(null, null), 1, Duration.ofSeconds(1));
			this.ran = ran;
		}

		@Override
		public @Nullable TenantMigrationRun run(MigrationMode mode) {
			this.ran.set(mode);
			return null;
		}

	}

}
