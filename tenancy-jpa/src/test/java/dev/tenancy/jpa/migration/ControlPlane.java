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
	 * Empties the audit trail, which its triggers keep from changing, as the superuser with the triggers off.
	 * @param database the test database
	 */
	public static void emptyAuditTrail(TenancyTestDatabase database) {
		database.executeAsAdmin("SET session_replication_role = replica; DELETE FROM tenancy.audit_events; "
				+ "RESET session_replication_role");
	}

	/**
	 * Returns the properties with which an application connects to the database as the runtime role, and
	 * migrates it as the owner with Boot's Flyway: the tenant tables, and the catalog's migrations, which
	 * {@link #migrate} applied already.
	 * @param database the test database
	 * @return the properties, as {@code name=value}
	 */
	public static String[] applicationProperties(TenancyTestDatabase database) {
		return new String[] { "spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + TenancyTestDatabase.APP_ROLE,
				"spring.datasource.password=" + TenancyTestDatabase.PASSWORD,
				"spring.flyway.user=" + TenancyTestDatabase.OWNER_ROLE,
				"spring.flyway.password=" + TenancyTestDatabase.PASSWORD,
				"spring.flyway.placeholders.appRole=" + TenancyTestDatabase.APP_ROLE,
				"spring.flyway.locations=classpath:db/tenant,classpath:db/tenancy/catalog" };
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
