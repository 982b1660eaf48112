package dev.tenancy.jpa.connection;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.jpa.rls.GuardMode;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SESSION mode straight on PostgreSQL: the start-up guard finds no shared sessions, whatever the pool size, and
 * a database it cannot reach does not stop start-up on its account. Behind PgBouncer:
 * {@code SessionModeStartupGuardBehindPgBouncerIT}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionModeStartupGuardIT {

	static TenancyTestDatabase db;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(SessionModeStartupGuardIT.class);
		TenancySchema.migrate(db);
	}

	@AfterAll
	static void drop() {
		db.close();
	}

	@Test
	void connectionsStraightToPostgresqlNeverLookShared() throws Exception {
		for (int size : new int[] { 1, 2, 10 }) {
			try (HikariDataSource pool = db.newAppPool(size)) {
				for (int round = 0; round < 10; round++) {
					assertThat(SessionSharingProbe.sharedSessionEvidence(pool)).as("pool of %d", size).isEmpty();
				}
			}
		}
	}

	@Test
	void sessionModeStraightOnPostgresqlStarts() {
		for (String size : new String[] { "1", "10" }) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
				.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(),
						"spring.datasource.username=" + TenancyTestDatabase.APP_ROLE,
						"spring.datasource.password=" + TenancyTestDatabase.PASSWORD, "tenancy.rls.flyway-migration=false",
						"tenancy.jpa.connection-mode=SESSION", "spring.datasource.hikari.maximum-pool-size=" + size)
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void unreachableDatabaseIsReportedAndLeftToFailElsewhere(CapturedOutput output) {
		SimpleDriverDataSource nowhere = new SimpleDriverDataSource(new org.postgresql.Driver(),
				"jdbc:postgresql://127.0.0.1:5499/nowhere?connectTimeout=1");
		TenantAwareDataSource dataSource = new TenantAwareDataSource(nowhere, TenantConnectionMode.SESSION,
				TenantAwareDataSource.DEFAULT_SETTING_NAME);
		assertThat(new SessionModeStartupGuard(dataSource, "nowhere", GuardMode.FAIL).check()).isEmpty();
		assertThat(output).contains("Could not check whether the connections of DataSource 'nowhere' share");
	}

	@Test
	void transactionModeAndAGuardSwitchedOffAreNotChecked() {
		SimpleDriverDataSource nowhere = new SimpleDriverDataSource(new org.postgresql.Driver(),
				"jdbc:postgresql://127.0.0.1:5499/nowhere?connectTimeout=1");
		assertThat(new SessionModeStartupGuard(new TenantAwareDataSource(nowhere), "nowhere", GuardMode.FAIL).check())
			.isEmpty();
		assertThat(new SessionModeStartupGuard(new TenantAwareDataSource(nowhere, TenantConnectionMode.SESSION,
				TenantAwareDataSource.DEFAULT_SETTING_NAME), "nowhere", GuardMode.OFF).check()).isEmpty();
	}

}
