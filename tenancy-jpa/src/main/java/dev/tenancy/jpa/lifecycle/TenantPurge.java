package dev.tenancy.jpa.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Deletes an offboarded tenant's data in the primary database, in one owner transaction with its audit event,
 * while the catalog row stays locked {@code OFFBOARDED}.
 */
final class TenantPurge {

	private final JdbcTenantCatalog catalog;

	private final LifecycleRecorder recorder;

	private final JdbcOperations owner;

	private final TenantRowsCopy rows;

	TenantPurge(JdbcTenantCatalog catalog, LifecycleRecorder recorder, JdbcOperations owner, TenantRowsCopy rows) {
		this.catalog = catalog;
		this.recorder = recorder;
		this.owner = owner;
		this.rows = rows;
	}

	Tenant purge(Tenant tenant, String actor, String reason) {
		TenantId id = tenant.id();
		AuditEvent purged = this.recorder.committed(() -> {
			// locks the row, and refuses a tenant resumed or changed since it was read
			this.catalog.changeStatus(id, EnumSet.of(TenantStatus.OFFBOARDED), TenantStatus.OFFBOARDED);
			String detail;
			if (tenant.placement() == Placement.SCHEMA) {
				this.owner.execute("drop schema if exists " + TenantRowsCopy.identifier(tenant.schemaName())
						+ " cascade");
				detail = "schema '" + tenant.schemaName() + "' dropped";
			}
			else {
				String shared = Objects
					.requireNonNull(this.owner.queryForObject("select current_schema()", String.class));
				Map<String, Long> deleted = this.rows.deleteAll(id,
						new TenantRowsCopy.Place(this.owner, shared, "the primary database"));
				detail = "schema '" + shared + "', rows deleted " + deleted;
			}
			return this.recorder.record(id, Action.PURGED, actor, reason, detail);
		});
		this.recorder.publish(TenantStatus.OFFBOARDED, TenantStatus.OFFBOARDED, Action.PURGED, actor, reason, purged);
		return this.catalog.find(id).orElseThrow();
	}

}
