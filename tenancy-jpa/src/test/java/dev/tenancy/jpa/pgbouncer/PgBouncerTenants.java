package dev.tenancy.jpa.pgbouncer;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenants of the PgBouncer tests: two SHARED (rows in public) and two SCHEMA (own schema), migrated directly
 * on PostgreSQL, as migrations should be: Flyway's lock is a session-level advisory lock, which a transaction
 * pooler would hand to other clients.
 */
final class PgBouncerTenants {

	static final List<String> SHARED = List.of("acme", "initech");

	static final List<String> SCHEMA = List.of("globex", "hooli");

	static final List<String> ALL = List.of("acme", "initech", "globex", "hooli");

	static final String DEFAULT_SEARCH_PATH = "\"$user\", public";

	static final PropertiesTenantCatalog CATALOG = new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
			Tenant.active("initech"), new Tenant(TenantId.of("globex"), "Globex", TenantStatus.ACTIVE, Placement.SCHEMA),
			new Tenant(TenantId.of("hooli"), "Hooli", TenantStatus.ACTIVE, Placement.SCHEMA)));

	private PgBouncerTenants() {
	}

	static void migrate(TenancyTestDatabase db) {
		TenancySchema.migrate(db);
		for (String tenant : SCHEMA) {
			Flyway.configure()
				.dataSource(db.ownerDataSource())
				.schemas(schemaOf(tenant))
				.locations("classpath:db/tenant")
				.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
				.load()
				.migrate();
		}
	}

	static boolean isSchemaTenant(String tenant) {
		return SCHEMA.contains(tenant);
	}

	static String schemaOf(String tenant) {
		return "t_" + tenant;
	}

	/** Where a tenant's rows are, as the superuser names the table. */
	static String tableOf(String tenant) {
		return isSchemaTenant(tenant) ? schemaOf(tenant) + ".projects" : "public.projects";
	}

	/** What {@code current_setting('search_path')} shows inside a tenant's transaction. */
	static String searchPathOf(String tenant) {
		return isSchemaTenant(tenant) ? "\"" + schemaOf(tenant) + "\", pg_temp" : DEFAULT_SEARCH_PATH;
	}

	static final class Fixture {

		final JdbcTemplate jdbc;

		final TransactionTemplate tx;

		Fixture(DataSource dataSource) {
			this.jdbc = new JdbcTemplate(dataSource);
			this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		}

		<T> T inTransaction(Supplier<T> work) {
			return this.tx.execute((status) -> work.get());
		}

		<T> T asTenant(String tenant, Supplier<T> work) {
			return TenantContext.where(tenant).get(() -> inTransaction(work));
		}

	}

}
