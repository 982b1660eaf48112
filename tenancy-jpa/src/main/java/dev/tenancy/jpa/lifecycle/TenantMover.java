package dev.tenancy.jpa.lifecycle;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome;
import dev.tenancy.jpa.migration.TenantMigrator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Moves a tenant between {@code SHARED} and {@code SCHEMA} placement in the primary database, in the steps that
 * keep every row: refuse service, wait for every instance to see that, prepare the target, then copy, verify and
 * switch the catalog in one transaction, and only after that delete the rows at the old place.
 */
final class TenantMover {

	private final JdbcTenantCatalog catalog;

	private final @Nullable TenantMigrator migrator;

	private final LifecycleRecorder recorder;

	private final JdbcOperations owner;

	private final TenantRowsCopy rows;

	private final Duration drain;

	TenantMover(JdbcTenantCatalog catalog, @Nullable TenantMigrator migrator, LifecycleRecorder recorder,
			JdbcOperations owner, TenantRowsCopy rows, Duration drain) {
		this.catalog = catalog;
		this.migrator = migrator;
		this.recorder = recorder;
		this.owner = owner;
		this.rows = rows;
		this.drain = drain;
	}

	Tenant move(Tenant current, Tenant destination, String actor, String reason) {
		TenantId id = current.id();
		String shared = Objects.requireNonNull(this.owner.queryForObject("select current_schema()", String.class));
		String from = (current.placement() == Placement.SCHEMA) ? current.schemaName() : shared;
		String to = (destination.placement() == Placement.SCHEMA) ? destination.schemaName() : shared;
		String route = where(current, shared) + " -> " + where(destination, shared);
		TenantStatus[] before = new TenantStatus[1];
		AuditEvent started = this.recorder.committed(() -> {
			before[0] = this.catalog.changeStatus(id, EnumSet.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED),
					TenantStatus.MIGRATING);
			return this.recorder.record(id, Action.MOVE_STARTED, actor, reason, route);
		});
		TenantStatus status = before[0];
		this.recorder.publish(status, TenantStatus.MIGRATING, Action.MOVE_STARTED, actor, reason, started);
		TenantRowsCopy.Copy[] copy = new TenantRowsCopy.Copy[1];
		AuditEvent moved;
		try {
			waitForInstancesToRefuse();
			if (destination.placement() == Placement.SCHEMA) {
				prepare(destination);
			}
			Tenant switched = new Tenant(id, current.displayName(), status, destination.placement(),
					destination.schema(), null, null);
			moved = this.recorder.committed(() -> {
				copy[0] = this.rows.copy(id, from, to, current.placement() == Placement.SCHEMA);
				this.catalog.changePlacement(id, current.placement(), TenantStatus.MIGRATING, switched);
				return this.recorder.record(id, Action.MOVED, actor, reason,
						route + ", rows copied " + copy[0].rows());
			});
		}
		catch (RuntimeException ex) {
			throw notMoved(id, route, status, actor, reason, ex);
		}
		// published once the outcome is settled: a listener that throws does not make the move look failed
		this.recorder.publish(TenantStatus.MIGRATING, status, Action.MOVED, actor, reason, moved);
		deleteOldRows(id, from, copy[0], route, status, actor, reason);
		return this.catalog.find(id).orElseThrow();
	}

	/** Puts the tenant back in its status where it was, records why, and returns the exception to throw. */
	private TenantMoveException notMoved(TenantId id, String route, TenantStatus status, String actor, String reason,
			RuntimeException cause) {
		TenantMoveException notMoved = new TenantMoveException(id, false, "Tenant '" + id + "' was not moved ("
				+ route + "): " + cause.getMessage() + ". It is " + status + " where it was, with every row; fix "
				+ "the cause and move it again", cause);
		AuditEvent failed;
		try {
			failed = this.recorder.committed(() -> {
				this.catalog.changeStatus(id, EnumSet.of(TenantStatus.MIGRATING), status);
				return this.recorder.record(id, Action.MOVE_FAILED, actor, reason, route + ": " + cause.getMessage());
			});
		}
		catch (RuntimeException restoring) {
			// the rows are where the catalog says; the tenant stays MIGRATING until resumed
			notMoved.addSuppressed(restoring);
			return notMoved;
		}
		this.recorder.publish(TenantStatus.MIGRATING, status, Action.MOVE_FAILED, actor, reason, failed);
		return notMoved;
	}

	private void deleteOldRows(TenantId id, String from, TenantRowsCopy.Copy copy, String route,
			TenantStatus status, String actor, String reason) {
		AuditEvent deleted;
		try {
			deleted = this.recorder.committed(() -> {
				this.rows.deleteSource(id, from, copy);
				return this.recorder.record(id, Action.MOVE_SOURCE_DELETED, actor, reason,
						"schema '" + from + "', rows deleted " + copy.rows());
			});
		}
		catch (RuntimeException ex) {
			AuditEvent kept = this.recorder.committed(() -> this.recorder.record(id, Action.MOVE_SOURCE_KEPT, actor,
					reason, "schema '" + from + "': " + ex.getMessage()));
			this.recorder.publish(status, status, Action.MOVE_SOURCE_KEPT, actor, reason, kept);
			throw new TenantMoveException(id, true, "Tenant '" + id + "' was moved (" + route + ") and is served "
					+ "from there, but its rows in schema '" + from + "' were kept: " + ex.getMessage()
					+ ". Nothing was lost; delete them once checked", ex);
		}
		this.recorder.publish(status, status, Action.MOVE_SOURCE_DELETED, actor, reason, deleted);
	}

	/** Creates and migrates the target schema. */
	private void prepare(Tenant destination) {
		if (this.migrator == null) {
			throw new IllegalStateException("a move to SCHEMA placement needs tenant migrations, but no "
					+ "TenantMigrator is configured (is Flyway on the class path?)");
		}
		TenantMigrationOutcome outcome = this.migrator.migrate(destination);
		if (outcome.result() == TenantMigrationOutcome.Result.FAILED) {
			throw new IllegalStateException("migrating schema '" + destination.schemaName() + "' failed: "
					+ outcome.error());
		}
	}

	/**
	 * Other instances keep serving the tenant from their catalog cache, and requests already past the check keep
	 * running, until the drain has passed; rows they write before the copy are copied, and the copy's locks wait
	 * for their transactions.
	 */
	private void waitForInstancesToRefuse() {
		if (this.drain.isZero() || this.drain.isNegative()) {
			return;
		}
		try {
			Thread.sleep(this.drain.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting " + this.drain + " for every instance to "
					+ "refuse the tenant", ex);
		}
	}

	private static String where(Tenant tenant, String shared) {
		return (tenant.placement() == Placement.SCHEMA) ? "SCHEMA (schema '" + tenant.schemaName() + "')"
				: "SHARED (schema '" + shared + "')";
	}

}
