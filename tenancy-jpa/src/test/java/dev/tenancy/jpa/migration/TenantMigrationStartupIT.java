package dev.tenancy.jpa.migration;

import java.util.Map;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome.Result;
import dev.tenancy.jpa.migration.TenantMigrationsEndpoint.TenantMigrationDescriptor;
import dev.tenancy.jpa.migration.TenantMigrationsEndpoint.TenantMigrationsDescriptor;
import dev.tenancy.jpa.rls.RlsStartupGuard;
import dev.tenancy.test.TenancyTestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Tenant migrations as an application meets them: Boot's Flyway migrates the primary database as the owner
 * (the library's migrations included), then the tenants are migrated, then the start-up guard checks what the
 * runtime role sees, tenant schemas included.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantMigrationStartupIT {

	static TenancyTestDatabase db;

	static ApplicationContextRunner runner;

	JdbcTemplate admin;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantMigrationStartupIT.class);
		ControlPlane.migrate(db);
		runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					TenancyCoreAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
			// the control plane was migrated with the catalog table; Boot's Flyway must know its migration
			.withPropertyValues(ControlPlane.applicationProperties(db))
			.withPropertyValues("management.endpoints.web.exposure.include=tenancymigrations");
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyCatalog() {
		ControlPlane.dropTenants(db);
		this.admin = new JdbcTemplate(db.adminDataSource());
	}

	@Test
	void migratesTenantsAtStartupAndStartsDespiteAFailingOne(CapturedOutput output) {
		asOwner("CREATE SCHEMA t_globex; CREATE TABLE t_globex.projects (id int)");
		runner
			.withPropertyValues("tenancy.tenants.acme.placement=SCHEMA", "tenancy.tenants.globex.placement=SCHEMA",
					"tenancy.tenants.initech.placement=SHARED")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RlsStartupGuard.class);
				assertThat(output).contains("Tenant migrations (MIGRATE): 2 tenants")
					.contains("1 migrated, 0 up to date, 1 failed");
				assertThat(output.getOut().lines().filter((line) -> line.contains(" WARN ")
						&& line.contains("Tenant 'globex' (SCHEMA) is at version null and is refused with 503")))
					.singleElement(STRING)
					.contains("Found non-empty schema(s) \"t_globex\"");
				TenantCatalog catalog = context.getBean(TenantCatalog.class);
				TenantMigrationReadiness readiness = context.getBean(TenantMigrationReadiness.class);
				Tenant acme = catalog.find(TenantId.of("acme")).orElseThrow();
				Tenant globex = catalog.find(TenantId.of("globex")).orElseThrow();
				assertThat(readiness.notReadyReason(acme)).isEmpty();
				assertThat(readiness.notReadyReason(globex)).get(STRING).contains("failed");

				TenantMigrationsEndpoint endpoint = context.getBean(TenantMigrationsEndpoint.class);
				TenantMigrationsDescriptor described = endpoint.tenants();
				assertThat(described.schemaVersion()).isEqualTo("2");
				assertThat(described.tenantCount()).isEqualTo(2);
				assertThat(described.notUpToDateCount()).isEqualTo(1);
				TenantMigrationDescriptor failed = endpoint.tenant("globex");
				assertThat(failed.state()).isEqualTo(MigrationState.FAILED);
				assertThat(failed.location()).isEqualTo("t_globex");
				assertThat(failed.error()).contains("non-empty schema");
				assertThat(endpoint.tenant("initech")).isNull();
				assertThatExceptionOfType(InvalidEndpointRequestException.class)
					.isThrownBy(() -> endpoint.tenant("Not A Tenant"))
					.satisfies((ex) -> assertThat(ex.getReason()).startsWith("invalid tenant id 'Not A Tenant'"));

				this.admin.execute("DROP TABLE t_globex.projects");
				TenantMigrationOutcome fixed = endpoint.migrate("globex");
				assertThat(fixed.result()).isEqualTo(Result.SUCCEEDED);
				assertThat(fixed.toVersion()).isEqualTo("2");
				assertThat(readiness.notReadyReason(globex)).isEmpty();
				assertThat(endpoint.migrateAll().skipped()).hasSize(2);
			});
	}

	@Test
	void theJdbcCatalogRecordsEachTenantsMigrationState() {
		JdbcTenantCatalog owner = new JdbcTenantCatalog(ControlPlane.owner(db), ControlPlane.owner(db));
		owner.register(schemaTenant("acme"), "business");
		owner.register(schemaTenant("globex"), "business");
		owner.register(new Tenant(TenantId.of("initech"), "Initech", TenantStatus.ACTIVE, Placement.SHARED), "free");

		runner.withPropertyValues("tenancy.catalog.type=jdbc").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TenantCatalog.class);
			assertThat(this.admin.queryForList("select id, migration_state, migration_version from tenancy.tenants "
					+ "order by id"))
				.containsExactly(Map.of("id", "acme", "migration_state", "MIGRATED", "migration_version", "2"),
						Map.of("id", "globex", "migration_state", "MIGRATED", "migration_version", "2"),
						nullState("initech"));
		});
	}

	@Test
	void validateModeReportsTenantsThatAreBehindAndMigratesNothing(CapturedOutput output) {
		new JdbcTenantCatalog(ControlPlane.owner(db), ControlPlane.owner(db)).register(schemaTenant("acme"), null);
		Flyway.configure()
			.dataSource(ControlPlane.owner(db))
			.schemas("t_acme")
			.locations("classpath:db/tenant")
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.target("1")
			.load()
			.migrate();

		runner.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.migration.mode=validate").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("0 migrated, 0 up to date, 1 behind")
				.contains("Tenant 'acme' (SCHEMA) is at version 1 and is refused with 503 until migrated: at version 1, "
						+ "behind version 2; not migrated because tenancy.migration.mode=VALIDATE");
			assertThat(this.admin.queryForObject("select to_regclass('t_acme.labels') is null", Boolean.class)).isTrue();
			Tenant acme = context.getBean(TenantCatalog.class).find(TenantId.of("acme")).orElseThrow();
			assertThat(context.getBean(TenantMigrationReadiness.class).notReadyReason(acme)).get(STRING)
				.contains("at version 1, behind version 2");
		});
	}

	@Test
	void offModeNeitherMigratesNorRefuses() {
		runner.withPropertyValues("tenancy.tenants.acme.placement=SCHEMA", "tenancy.migration.mode=off")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TenantMigrationReadiness.class);
				assertThat(this.admin.queryForObject("select to_regnamespace('t_acme') is null", Boolean.class))
					.isTrue();
			});
	}

	private static Tenant schemaTenant(String id) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SCHEMA);
	}

	private static Map<String, Object> nullState(String id) {
		Map<String, Object> row = new java.util.HashMap<>();
		row.put("id", id);
		row.put("migration_state", null);
		row.put("migration_version", null);
		return row;
	}

	private static void asOwner(String sql) {
		new JdbcTemplate(ControlPlane.owner(db)).execute(sql);
	}

}
