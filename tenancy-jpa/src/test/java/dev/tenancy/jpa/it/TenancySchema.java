package dev.tenancy.jpa.it;

import java.util.Map;

import dev.tenancy.test.TenancyTestDatabase;
import org.flywaydb.core.Flyway;

/**
 * Migrates a test database the way an application would: the library's migration, then the test schema, as
 * the owner role.
 */
public final class TenancySchema {

	private TenancySchema() {
	}

	public static void migrate(TenancyTestDatabase database) {
		Flyway.configure()
			.dataSource(database.ownerDataSource())
			.locations("classpath:db/tenancy", "classpath:db/tenant")
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.load()
			.migrate();
	}

	/**
	 * Gives a SCHEMA tenant its schema: the tenant tables migrated into it as the owner role, and the runtime
	 * role allowed to use it.
	 * @param database the test database
	 * @param schema the tenant's schema, for example {@code t_globex}
	 */
	public static void migrateTenantSchema(TenancyTestDatabase database, String schema) {
		Flyway.configure()
			.dataSource(database.ownerDataSource())
			.schemas(schema)
			.locations("classpath:db/tenant")
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.load()
			.migrate();
		database.executeAsAdmin("grant usage on schema " + schema + " to " + TenancyTestDatabase.APP_ROLE);
	}

}
