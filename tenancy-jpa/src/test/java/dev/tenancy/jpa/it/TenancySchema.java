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

}
