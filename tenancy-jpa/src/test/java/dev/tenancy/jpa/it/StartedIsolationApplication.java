package dev.tenancy.jpa.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.TenantUnavailableException;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.test.TenancyTestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The isolation tests' application (Hibernate, Flyway, tenant migrations, placement routing) started outside
 * the Spring test framework, for tests that put it under load, break its database or put a pooler in front of
 * it, and the unit of work their load runs: a tenant saves a project and reads every project it can see.
 */
public final class StartedIsolationApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final ProjectRepository projects;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	/** Rows of another tenant that a tenant saw: must stay empty. */
	private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

	private StartedIsolationApplication(ConfigurableApplicationContext context) {
		this.context = context;
		this.projects = context.getBean(ProjectRepository.class);
		this.jdbc = context.getBean(JdbcTemplate.class);
		this.tx = context.getBean(TransactionTemplate.class);
	}

	/**
	 * Starts the application on a database as the restricted role, migrating it as the owner.
	 * @param database the application's own database
	 * @param properties further properties, highest precedence
	 * @return the running application, which the caller must close
	 */
	public static StartedIsolationApplication start(TenancyTestDatabase database, Map<String, String> properties) {
		return start(database, database.jdbcUrl(), properties);
	}

	/**
	 * Starts the application with its runtime connections going to a URL of their own, such as a pooler's in
	 * front of the database, while migrations connect to the database directly.
	 * @param database the application's own database
	 * @param runtimeUrl the JDBC URL of {@code spring.datasource.url}
	 * @param properties further properties, highest precedence
	 * @return the running application, which the caller must close
	 */
	public static StartedIsolationApplication start(TenancyTestDatabase database, String runtimeUrl,
			Map<String, String> properties) {
		List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + runtimeUrl,
				"--spring.flyway.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + TenancyTestDatabase.APP_ROLE,
				"--spring.datasource.password=" + TenancyTestDatabase.PASSWORD,
				"--spring.flyway.user=" + TenancyTestDatabase.OWNER_ROLE,
				"--spring.flyway.password=" + TenancyTestDatabase.PASSWORD));
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new StartedIsolationApplication(new SpringApplicationBuilder(IsolationTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new)));
	}

	/**
	 * One unit of work: in one transaction, the tenant saves a project named by the label and reads the
	 * tenants of every project it can see, through native SQL (row-level security only); any other tenant's row
	 * is recorded as a violation.
	 */
	public void saveAndReadBack(String tenant, String label) {
		TenantContext.where(tenant).run(() -> this.tx.executeWithoutResult((status) -> {
			this.projects.save(new Project(label));
			List<String> owners = this.jdbc.queryForList("select tenant_id from projects", String.class);
			owners.stream()
				.filter((owner) -> !owner.equals(tenant))
				.forEach((owner) -> this.violations.add(tenant + " saw a row of " + owner));
		}));
	}

	/** The names of the projects a tenant sees, through native SQL. */
	public List<String> namesSeenBy(String tenant) {
		return TenantContext.where(tenant)
			.get(() -> this.tx.execute((status) -> this.jdbc.queryForList("select name from projects", String.class)));
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public static boolean isTenantUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof TenantUnavailableException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns what tenants saw of other tenants' rows.
	 * @return the violations, empty unless isolation broke
	 */
	public List<String> violations() {
		synchronized (this.violations) {
			return new ArrayList<>(this.violations);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
