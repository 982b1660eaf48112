package dev.tenancy.jpa.pgbouncer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.it.StartedIsolationApplication;
import dev.tenancy.jpa.it.TenantLoad;
import dev.tenancy.jpa.it.TenantLoad.Outcome;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestPgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.ALL;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.tableOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application (Hibernate, repositories, the row-level security start-up guard) whose DataSource
 * goes through PgBouncer in transaction pooling mode, in the default TRANSACTION mode, with migrations run
 * directly against PostgreSQL: ten pooled client connections on three server connections serve two SHARED and
 * two SCHEMA tenants at once, and each tenant only ever sees and stores its own rows.
 */
class HibernateThroughPgBouncerIT {

	private static final int CLIENT_CONNECTIONS = 10;

	static TenancyTestPgBouncer bouncer;

	static TenancyTestDatabase db;

	@BeforeAll
	static void start() {
		bouncer = TenancyTestPgBouncer.start(3);
		db = TenancyTestDatabase.create(HibernateThroughPgBouncerIT.class);
	}

	@AfterAll
	static void stop() {
		if (db != null) {
			db.close();
		}
		if (bouncer != null) {
			bouncer.close();
		}
	}

	@Test
	void tenantsServedThroughPgBouncerOnlyEverSeeTheirOwnRows() throws Exception {
		try (StartedIsolationApplication app = StartedIsolationApplication.start(db, bouncer.jdbcUrl(db.name()),
				Map.of("tenancy.tenants.initech.display-name", "Initech", "tenancy.tenants.globex.placement", "SCHEMA",
						"tenancy.tenants.hooli.placement", "SCHEMA", "spring.datasource.hikari.maximum-pool-size",
						Integer.toString(CLIENT_CONNECTIONS)));
				TenantLoad load = new TenantLoad(ALL, 3, "load", app::saveAndReadBack)) {
			for (String tenant : ALL) {
				load.awaitSuccesses(tenant, "load", 40, Duration.ofMinutes(2));
			}
			HikariDataSource pool = app.bean(DataSource.class).unwrap(HikariDataSource.class);
			int clientConnections = pool.getHikariPoolMXBean().getTotalConnections();
			JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
			int serverConnections = admin.queryForObject("select count(*) from pg_stat_activity where datname = ? "
					+ "and usename = ?", Integer.class, db.name(), TenancyTestDatabase.APP_ROLE);
			load.close();

			assertThat(clientConnections).as("client connections").isGreaterThan(bouncer.poolSize());
			assertThat(serverConnections).as("server connections").isLessThanOrEqualTo(bouncer.poolSize());
			assertThat(load.outcomes()).allMatch(Outcome::succeeded);
			assertThat(app.violations()).isEmpty();
			for (String tenant : ALL) {
				List<String> stored = admin.queryForList("select name from " + tableOf(tenant) + " where tenant_id = ?",
						String.class, tenant);
				assertThat(stored).as("%s's rows", tenant).hasSizeGreaterThanOrEqualTo(40)
					.allMatch((name) -> name.startsWith(tenant + "-"));
				assertThat(new HashSet<>(app.namesSeenBy(tenant))).isEqualTo(new HashSet<>(stored));
			}
			assertThat(admin.queryForList("select distinct tenant_id from public.projects order by 1", String.class))
				.containsExactly("acme", "initech");
		}
	}

}
