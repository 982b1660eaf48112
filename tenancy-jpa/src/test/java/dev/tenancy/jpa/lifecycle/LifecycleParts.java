package dev.tenancy.jpa.lifecycle;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.jpa.migration.TenantFlywayFactory;
import dev.tenancy.jpa.migration.TenantMigrationSet;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.jpa.routing.TenantDataSources;
import dev.tenancy.test.TenancyTestDatabase;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a lifecycle is made of over a test database, as the auto-configuration makes it: one owner DataSource
 * that the catalog, the audit trail and the migrator write through, and tenant migrations from
 * {@code classpath:db/tenant}.
 *
 * @param owner the owner DataSource
 * @param catalog the JDBC catalog, read as the runtime role
 * @param audit the audit trail, unkeyed
 * @param migrator the tenant migrator
 */
record LifecycleParts(DataSource owner, JdbcTenantCatalog catalog, TenantAuditTrail audit,
		TenantMigrator migrator) {

	static LifecycleParts of(TenancyTestDatabase db) {
		return of(db, null);
	}

	/** With DATABASE tenants' databases from the given data sources. */
	static LifecycleParts of(TenancyTestDatabase db, @Nullable TenantDataSources databases) {
		DataSource owner = ControlPlane.owner(db);
		JdbcTenantCatalog catalog = new JdbcTenantCatalog(db.appDataSource(), owner);
		TenantFlywayFactory factory = TenantFlywayFactory.builder(owner)
			.tenantDataSources(() -> databases)
			.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
			.build();
		TenantMigrator migrator = new TenantMigrator(catalog, catalog, factory,
				TenantMigrationSet.scan(new PathMatchingResourcePatternResolver(), factory), 2, Duration.ofMinutes(5));
		return new LifecycleParts(owner, catalog, new TenantAuditTrail(owner, null), migrator);
	}

	/** A lifecycle that moves tenants at once (drain 0). */
	TenantLifecycle lifecycle(ApplicationEventPublisher events) {
		return new TenantLifecycle(this.catalog, this.migrator, this.audit, this.owner, events,
				new TenantLifecycle.Moves("app.tenant_id", "tenant_id", "flyway_schema_history", Duration.ZERO));
	}

	/** A lifecycle without moves, with the given migrator. */
	TenantLifecycle lifecycleWithoutMoves(@Nullable TenantMigrator migrator, ApplicationEventPublisher events) {
		return new TenantLifecycle(this.catalog, migrator, this.audit,
				new TransactionTemplate(new DataSourceTransactionManager(this.owner)), events);
	}

}
