package dev.tenancy.sample.bootstrap;

import java.util.Map;
import java.util.Properties;

import dev.tenancy.core.Placement;
import dev.tenancy.core.StorageNames;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.autoconfigure.TenancyProperties;
import org.apache.commons.logging.Log;
import org.postgresql.Driver;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Creates the database and roles named by the application's configuration on first start, before any bean
 * (and so before the DataSource and Flyway) exists.
 * <p>
 * The database is the one in {@code spring.datasource.url}, the runtime role is
 * {@code spring.datasource.username} and the owner role is {@code spring.flyway.user}; the work is done through
 * the superuser connection {@code sample.bootstrap.admin-url}. Switched off with
 * {@code sample.bootstrap.enabled=false}, and skipped for URLs that are not PostgreSQL's. Runs after the
 * configuration files are loaded, so profiles and overrides apply. Registered in {@code META-INF/spring.factories}.
 */
class DatabaseBootstrapEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The superuser connection used when {@code sample.bootstrap.admin-url} is not set. */
	static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://localhost:5432/postgres?user=postgres";

	private final Log log;

	DatabaseBootstrapEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(DatabaseBootstrapEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("sample.bootstrap.enabled", Boolean.class, true)) {
			return;
		}
		String url = environment.getProperty("spring.datasource.url");
		if (url == null || !url.startsWith("jdbc:postgresql:")) {
			this.log.debug("Not bootstrapping a database: spring.datasource.url is not a PostgreSQL URL");
			return;
		}
		Properties parsed = Driver.parseURL(url, null);
		String database = (parsed != null) ? parsed.getProperty("PGDBNAME", "") : "";
		String appRole = environment.getProperty("spring.datasource.username", "");
		String ownerRole = environment.getProperty("spring.flyway.user", "");
		String adminUrl = environment.getProperty("sample.bootstrap.admin-url", DEFAULT_ADMIN_URL);
		DatabaseBootstrap.Target target = new DatabaseBootstrap.Target(database, ownerRole,
				environment.getProperty("spring.flyway.password"), appRole,
				environment.getProperty("spring.datasource.password"));
		new DatabaseBootstrap(adminUrl, this.log).ensure(target);
		ensureTenantServerRoles(environment, target);
	}

	/**
	 * Creates the same two roles on the server of each DATABASE tenant other than {@code primary}, through
	 * {@code sample.bootstrap.servers.<name>.admin-url} (by default its URL template's {@code postgres} database as
	 * the superuser {@code postgres}). The tenant's database itself is created by the library, as its owner role
	 * ({@code tenancy.placement.servers.<name>.create-databases}).
	 */
	private void ensureTenantServerRoles(ConfigurableEnvironment environment, DatabaseBootstrap.Target primary) {
		Map<String, TenancyProperties.TenantDefinition> tenants = Binder.get(environment)
			.bind("tenancy.tenants", Bindable.mapOf(String.class, TenancyProperties.TenantDefinition.class))
			.orElse(Map.of());
		tenants.forEach((id, definition) -> {
			if (definition.getPlacement() != Placement.DATABASE) {
				return;
			}
			String server = (definition.getServer() != null) ? definition.getServer() : StorageNames.PRIMARY_SERVER;
			if (server.equals(StorageNames.PRIMARY_SERVER)) {
				return;
			}
			String database = (definition.getDatabase() != null) ? definition.getDatabase()
					: StorageNames.derive(TenantId.of(id));
			String adminUrl = environment.getProperty("sample.bootstrap.servers." + server + ".admin-url",
					defaultAdminUrl(environment.getProperty("tenancy.placement.servers." + server + ".url", "")));
			new DatabaseBootstrap(adminUrl, this.log).ensureRoles(new DatabaseBootstrap.Target(database,
					primary.ownerRole(), primary.ownerPassword(), primary.appRole(), primary.appPassword()));
		});
	}

	private static String defaultAdminUrl(String urlTemplate) {
		String url = urlTemplate.replace("{database}", "postgres");
		return url + (url.contains("?") ? "&" : "?") + "user=postgres";
	}

	@Override
	public int getOrder() {
		// after ConfigDataEnvironmentPostProcessor, which loads application.yml and profile files
		return Ordered.LOWEST_PRECEDENCE;
	}

}
