package dev.tenancy.jpa.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The auto-configured lifecycle in an application with the JDBC catalog: catalog and audit trail written as the
 * owner role in one transaction, the lookup cache evicted at once, events reaching the application's listeners.
 */
class TenantLifecycleAutoConfigurationIT {

	static final TenantId GLOBEX = TenantId.of("globex");

	/** The tests share one audit trail, which verifies only if every event in it is keyed alike. */
	static final String HMAC_KEY = "tenancy.audit.hmac-key=q7Wb0m3rY2vJ9xQfT1kLzP8sN4aD6eHcU5iG0oRwBtM=";

	static TenancyTestDatabase db;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantLifecycleAutoConfigurationIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@Test
	void onboardsAndSuspendsATenantThatTheApplicationThenSeesAtOnce() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					TenancyCoreAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
			.withPropertyValues(ControlPlane.applicationProperties(db))
			.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.catalog.cache-ttl=10m", "tenancy.lifecycle.move-drain=11m",
					HMAC_KEY)
			.withBean(Listener.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TenantLifecycle lifecycle = context.getBean(TenantLifecycle.class);
				TenantCatalog catalog = context.getBean(TenantCatalog.class);
				assertThat(catalog.find(GLOBEX)).isEmpty();

				lifecycle.onboard(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SCHEMA), "business",
						"ops@example.com", "contract 88");
				assertThat(catalog.find(GLOBEX)).get()
					.satisfies((globex) -> assertThat(globex.status()).isEqualTo(TenantStatus.ACTIVE));
				assertThat(new JdbcTemplate(db.adminDataSource()).queryForList(
						"select table_name from information_schema.tables where table_schema = 't_globex'",
						String.class))
					.contains("projects", "labels");

				lifecycle.suspend(GLOBEX, "billing", "invoice 4711 unpaid");
				assertThat(catalog.find(GLOBEX)).get()
					.satisfies((globex) -> assertThat(globex.status()).isEqualTo(TenantStatus.SUSPENDED));

				// a change whose audit event fails is rolled back with it: catalog and trail share the transaction
				assertThatIllegalArgumentException()
					.isThrownBy(() -> lifecycle.resume(GLOBEX, "billing", "y".repeat(2001)));
				assertThat(catalog.find(GLOBEX)).get()
					.satisfies((globex) -> assertThat(globex.status()).isEqualTo(TenantStatus.SUSPENDED));

				TenantAuditTrail audit = context.getBean(TenantAuditTrail.class);
				assertThat(audit.isKeyed()).isTrue();
				assertThat(audit.events(GLOBEX)).extracting(AuditEvent::action)
					.containsExactly("ONBOARDING_STARTED", "ONBOARDED", "SUSPENDED");
				assertThat(audit.verify().isIntact()).isTrue();
				assertThat(context.getBean(Listener.class).events).extracting(TenantLifecycleEvent::action)
					.containsExactly(TenantLifecycleEvent.Action.ONBOARDING_STARTED,
							TenantLifecycleEvent.Action.ONBOARDED, TenantLifecycleEvent.Action.SUSPENDED);
			});
	}

	@Test
	void createsTheDatabaseOfATenantOnboardedOntoAServerThatCreatesDatabasesAndDropsItWhenPurged() {
		TenantDatabaseCreationIT.ensureCreator(db);
		TenantId initech = TenantId.of("initech");
		String database = "tlc_" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_initech";
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		try {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
						FlywayAutoConfiguration.class, TenancyCoreAutoConfiguration.class,
						TenancyJpaAutoConfiguration.class))
				.withPropertyValues(ControlPlane.applicationProperties(db))
				.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.lifecycle.move-drain=1m", HMAC_KEY,
						"tenancy.placement.servers.primary.create-databases=true",
						"tenancy.placement.servers.primary.owner-username=" + TenantDatabaseCreationIT.CREATOR,
						"tenancy.placement.servers.primary.owner-password=" + TenancyTestDatabase.PASSWORD)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					TenantLifecycle lifecycle = context.getBean(TenantLifecycle.class);

					lifecycle.onboard(new Tenant(initech, "Initech", TenantStatus.ACTIVE, Placement.DATABASE, null,
							"primary", database), null, "ops@example.com", "contract 89");

					assertThat(admin.queryForList("select pg_get_userbyid(datdba) from pg_database where datname = ?",
							String.class, database))
						.containsExactly(TenantDatabaseCreationIT.CREATOR);
					lifecycle.offboard(initech, "ops@example.com", "contract ended");
					lifecycle.purge(initech, "ops@example.com", "retention period over");
					assertThat(admin.queryForObject("select count(*) from pg_database where datname = ?", Long.class,
							database))
						.isZero();
					assertThat(context.getBean(TenantAuditTrail.class).events(initech)).extracting(AuditEvent::action)
						.containsExactly("ONBOARDING_STARTED", "DATABASE_CREATED", "ONBOARDED", "OFFBOARDED",
								"DATABASE_DROPPED", "PURGED");
				});
		}
		finally {
			admin.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
		}
	}

	/** An application's listener. */
	static class Listener {

		final List<TenantLifecycleEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TenantLifecycleEvent event) {
			this.events.add(event);
		}

	}

}
