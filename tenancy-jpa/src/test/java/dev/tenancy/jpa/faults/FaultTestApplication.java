package dev.tenancy.jpa.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.TenantUnavailableException;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.IsolationTestApplication;
import dev.tenancy.jpa.it.Project;
import dev.tenancy.jpa.it.ProjectRepository;
import dev.tenancy.test.TenancyTestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The isolation tests' application (Hibernate, Flyway, tenant migrations, placement routing) started for a fault
 * test, and the unit of work its load runs: a tenant saves a project and reads every project it can see.
 */
final class FaultTestApplication implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final ProjectRepository projects;

	final JdbcTemplate jdbc;

	final TransactionTemplate tx;

	/** Rows of another tenant that a tenant saw, or that code with no tenant saw: must stay empty. */
	final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

	private FaultTestApplication(ConfigurableApplicationContext context) {
		this.context = context;
		this.projects = context.getBean(ProjectRepository.class);
		this.jdbc = context.getBean(JdbcTemplate.class);
		this.tx = context.getBean(TransactionTemplate.class);
	}

	/**
	 * Starts the application on a database as the restricted role, migrating it as the owner.
	 * @param database the application's own database
	 * @param properties further properties, highest precedence
	 */
	static FaultTestApplication start(TenancyTestDatabase database, Map<String, String> properties) {
		List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + TenancyTestDatabase.APP_ROLE,
				"--spring.datasource.password=" + TenancyTestDatabase.PASSWORD,
				"--spring.flyway.user=" + TenancyTestDatabase.OWNER_ROLE,
				"--spring.flyway.password=" + TenancyTestDatabase.PASSWORD));
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new FaultTestApplication(new SpringApplicationBuilder(IsolationTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new)));
	}

	/**
	 * One unit of work: in one transaction, the tenant saves a project named by the label and reads the
	 * tenants of every project it can see, through native SQL (row-level security only); any other tenant's row
	 * is recorded as a violation.
	 */
	void saveAndReadBack(String tenant, String label) {
		TenantContext.where(tenant).run(() -> this.tx.executeWithoutResult((status) -> {
			this.projects.save(new Project(label));
			List<String> owners = this.jdbc.queryForList("select tenant_id from projects", String.class);
			owners.stream()
				.filter((owner) -> !owner.equals(tenant))
				.forEach((owner) -> this.violations.add(tenant + " saw a row of " + owner));
		}));
	}

	/** The names of the projects a tenant sees, through native SQL. */
	List<String> namesSeenBy(String tenant) {
		return TenantContext.where(tenant)
			.get(() -> this.tx.execute((status) -> this.jdbc.queryForList("select name from projects", String.class)));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	static boolean isTenantUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof TenantUnavailableException) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
