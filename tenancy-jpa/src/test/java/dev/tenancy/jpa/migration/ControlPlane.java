package dev.tenancy.jpa.migration;

import java.util.Map;

import javax.sql.DataSource;

import dev.tenancy.test.TenancyTestDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The primary database of a test as an application would set it up: the library's migrations (row-level
 * security function and tenant catalog) applied as the owner role.
 */
public final class ControlPlane {

	private ControlPlane() {
	}

	/**
	 * Applies the library's migrations ({@code classpath:db/tenancy}) as the owner.
	 * @param database the test database
	 */
	public static void migrate(TenancyTestDatabase database) {
		Flyway.configure()
			.dataSource(database.ownerDataSource())
			.locations("classpath:db/tenancy")
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.load()
			.migrate();
	}

	/**
	 * Empties the catalog and drops every tenant schema ({@code t_*}), so that tests can share a database.
	 * @param database the test database
	 */
	public static void dropTenants(TenancyTestDatabase database) {
		database.executeAsAdmin("""
				DELETE FROM tenancy.tenants;
				DO $$
				DECLARE s name;
				BEGIN
				    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%' LOOP
				        EXECUTE format('DROP SCHEMA %I CASCADE', s);
				    END LOOP;
				END
				$$""");
	}

	/**
	 * Returns an unpooled owner connection to the database, as the auto-configuration builds one from
	 * {@code spring.flyway.user}.
	 * @param database the test database
	 * @return the data source
	 */
	public static DataSource owner(TenancyTestDatabase database) {
		return new DriverManagerDataSource(database.jdbcUrl(), TenancyTestDatabase.OWNER_ROLE,
				TenancyTestDatabase.PASSWORD);
	}

}
