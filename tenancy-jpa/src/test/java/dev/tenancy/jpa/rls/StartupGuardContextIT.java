package dev.tenancy.jpa.rls;

import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard as an application meets it: Flyway migrates as the owner, then the application starts, or refuses
 * to, depending on the role it connects as.
 */
class StartupGuardContextIT {

	static TenancyTestDatabase db;

	static ApplicationContextRunner runner;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(StartupGuardContextIT.class);
		runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					TenancyJpaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(),
					"spring.datasource.password=" + TenancyTestDatabase.PASSWORD,
					"spring.flyway.user=" + TenancyTestDatabase.OWNER_ROLE,
					"spring.flyway.password=" + TenancyTestDatabase.PASSWORD,
					"spring.flyway.placeholders.appRole=" + TenancyTestDatabase.APP_ROLE,
					"spring.flyway.locations=classpath:db/tenant");
	}

	@AfterAll
	static void drop() {
		db.close();
	}

	@Test
	void startsAsTheRestrictedRoleAfterMigratingAsTheOwner() {
		runner.withPropertyValues("spring.datasource.username=" + TenancyTestDatabase.APP_ROLE)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RlsStartupGuard.class));
	}

	@Test
	void refusesToStartAsTheTableOwnerAndNamesTheTables() {
		runner.withPropertyValues("spring.datasource.username=" + TenancyTestDatabase.OWNER_ROLE)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(RlsGuardException.class)
				.hasMessageContaining("owns table projects")
				.hasMessageContaining("owns table tasks"));
	}

	@Test
	void startsWithAWarningWhenDowngraded() {
		runner.withPropertyValues("spring.datasource.username=" + TenancyTestDatabase.OWNER_ROLE, "tenancy.rls.guard=WARN")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
