package dev.tenancy.jpa.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tenancy.core.Tenant;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.flywaydb.core.Flyway;

/**
 * Many tenant databases made quickly: one template database migrated once (the library's migration and the tenant
 * tables) holding one row per tenant, then copied for each tenant, and for any other database that needs the same
 * tables. Every database is named with one prefix and dropped by {@link #drop()}, template included, also if
 * creating them failed half-way.
 */
final class TemplateTenantDatabases {

	private final TenancyTestServer server;

	private final String template;

	private final List<String> names = new ArrayList<>();

	/**
	 * Prepares to make databases on a server; makes none yet.
	 * @param server the server
	 * @param prefix what every database's name starts with
	 */
	TemplateTenantDatabases(TenancyTestServer server, String prefix) {
		this.server = server;
		this.template = prefix + "template";
	}

	/**
	 * Creates and migrates the template, and gives it a row in {@code projects} with {@code id} for each tenant,
	 * then keeps connections out of it, so that it can be copied.
	 * @param tenantIds the tenants whose rows it holds, as one SQL expression over {@code g}, the numbers from 1 to
	 * {@code count}, for example {@code 't-' || g}
	 * @param count how many tenants
	 * @param id the id of every tenant's row
	 */
	void createTemplate(String tenantIds, int count, UUID id) {
		this.names.add(this.template);
		this.server.createDatabases(List.of(this.template));
		Flyway.configure()
			.dataSource(this.server.jdbcUrl(this.template), TenancyTestDatabase.OWNER_ROLE, TenancyTestDatabase.PASSWORD)
			.locations("classpath:db/tenancy", "classpath:db/tenant")
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.load()
			.migrate();
		this.server.executeAsAdmin(this.template, "insert into projects (tenant_id, id, name) select " + tenantIds
				+ ", '" + id + "', 'project' from generate_series(1, " + count + ") g");
		// copied with hint bits set and statistics, so that no copy writes on its first read
		this.server.executeAsAdmin(this.template, "vacuum (freeze, analyze) projects");
		this.server.executeAsAdmin("postgres", "alter database \"" + this.template + "\" with allow_connections false");
	}

	/**
	 * Copies the template for each tenant.
	 * @param tenants the tenants, whose database names are used
	 * @param others more copies, by name
	 */
	void copyTemplate(List<Tenant> tenants, List<String> others) {
		List<String> copies = new ArrayList<>(others);
		tenants.forEach((tenant) -> copies.add(tenant.databaseName()));
		this.names.addAll(copies);
		this.server.createDatabases(copies, this.template);
	}

	/**
	 * Returns every database created, or being created.
	 * @return the names, the template first
	 */
	List<String> names() {
		return List.copyOf(this.names);
	}

	/**
	 * Drops every database created, or being created; ignores those that are not there.
	 */
	void drop() {
		if (!this.names.isEmpty()) {
			this.server.dropDatabases(this.names);
		}
	}

}
