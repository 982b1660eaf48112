package dev.tenancy.jpa.lifecycle;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes an offboarded tenant's data, with its audit event, while the catalog row stays locked
 * {@code OFFBOARDED}: in one owner transaction in the primary database, with the {@link TenantPurgeStep}s, and for a
 * {@code DATABASE} tenant in a transaction of its database that commits just before.
 */
final class TenantPurge {

	private final JdbcTenantCatalog catalog;

	private final LifecycleRecorder recorder;

	private final JdbcOperations owner;

	private final TenantRowsCopy rows;

	private final @Nullable TenantMigrator migrator;

	private List<TenantPurgeStep> steps = List.of();

	private @Nullable TenantDataSources databases;

	TenantPurge(JdbcTenantCatalog catalog, LifecycleRecorder recorder, JdbcOperations owner, TenantRowsCopy rows,
			@Nullable TenantMigrator migrator) {
		this.catalog = catalog;
		this.recorder = recorder;
		this.owner = owner;
		this.rows = rows;
		this.migrator = migrator;
	}

	void steps(List<TenantPurgeStep> steps) {
		this.steps = steps;
	}

	void databases(@Nullable TenantDataSources databases) {
		this.databases = databases;
	}

	Tenant purge(Tenant tenant, String actor, String reason) {
		TenantId id = tenant.id();
		String dropped = (tenant.placement() == Placement.DATABASE) ? dropCreatedDatabase(tenant, actor, reason) : null;
		AuditEvent purged = this.recorder.committed(() -> {
			// locks the row, and refuses a tenant resumed or changed since it was read
			this.catalog.changeStatus(id, EnumSet.of(TenantStatus.OFFBOARDED), TenantStatus.OFFBOARDED);
			String detail;
			if (tenant.placement() == Placement.SCHEMA) {
				this.owner.execute("drop schema if exists " + TenantRowsCopy.identifier(tenant.schemaName())
						+ " cascade");
				detail = "schema '" + tenant.schemaName() + "' dropped";
			}
			else if (tenant.placement() == Placement.DATABASE) {
				detail = (dropped != null) ? dropped : purgeDatabase(tenant);
			}
			else {
				String shared = currentSchema(this.owner);
				Map<String, Long> deleted = this.rows.deleteAll(id,
						new TenantRowsCopy.Place(this.owner, shared, "the primary database"));
				detail = "schema '" + shared + "', rows deleted " + deleted;
			}
			for (TenantPurgeStep step : this.steps) {
				detail += "; " + step.purge(id, this.owner);
			}
			return this.recorder.record(id, Action.PURGED, actor, reason, detail);
		});
		this.recorder.publish(TenantStatus.OFFBOARDED, TenantStatus.OFFBOARDED, Action.PURGED, actor, reason, purged);
		return this.catalog.find(id).orElseThrow();
	}

	/**
	 * Drops the tenant's own database if it was created for the tenant, before the purge's transaction, and records
	 * that in an audit event of its own at once: a drop cannot be rolled back with a transaction that fails later.
	 * @return what the purge's audit event says of the database, or {@code null} if it is to be emptied instead
	 */
	private @Nullable String dropCreatedDatabase(Tenant tenant, String actor, String reason) {
		if (this.databases == null) {
			return null;
		}
		String where = "database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'";
		return switch (this.databases.dropDatabase(tenant)) {
			case DROPPED -> {
				this.recorder.databaseChanged(tenant, Action.DATABASE_DROPPED, TenantStatus.OFFBOARDED, actor, reason);
				yield where + " dropped";
			}
			case ABSENT -> where + " does not exist (dropped before)";
			case KEPT -> null;
		};
	}

	/**
	 * Deletes the tenant's rows in its own database, in a transaction there that commits before the audit event's:
	 * the database itself is left, emptied of the tenant's rows, for its server's administrator to drop.
	 */
	private String purgeDatabase(Tenant tenant) {
		String where = "database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'";
		if (this.migrator == null) {
			throw new IllegalStateException("Purging a DATABASE tenant connects to its database, which needs a "
					+ "TenantMigrator (is Flyway on the class path?)");
		}
		DataSource database = this.migrator.ownerDataSource(tenant);
		JdbcTemplate jdbc = new JdbcTemplate(database);
		String schema = currentSchema(jdbc);
		Map<String, Long> deleted = new TransactionTemplate(new DataSourceTransactionManager(database))
			.execute((status) -> this.rows.deleteAll(tenant.id(), new TenantRowsCopy.Place(jdbc, schema, where)));
		return "schema '" + schema + "' of " + where + ", rows deleted " + deleted;
	}

	private static String currentSchema(JdbcOperations jdbc) {
		return Objects.requireNonNull(jdbc.queryForObject("select current_schema()", String.class));
	}

}
