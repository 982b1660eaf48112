package dev.tenancy.jpa.lifecycle;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.lifecycle.TenantRowsCopy.Copy;
import dev.tenancy.jpa.lifecycle.TenantRowsCopy.Place;
import dev.tenancy.jpa.migration.TenantMigrationOutcome;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a tenant between placements in the steps that keep every row: refuse service, wait for every instance to
 * see that, prepare the target, copy and verify, switch the catalog, and only after that delete the rows at the old
 * place.
 * <p>
 * Where the target is the primary database (the catalog's), the copy, its check and the switch are one
 * transaction. Where it is a tenant's own database, the copy commits there first, while the source stays locked,
 * and the switch follows in the primary database; if the switch fails, the copy is deleted again (if it is still
 * exactly what was copied), so that a retry finds the target empty.
 */
final class TenantMover {

	/** The statuses a tenant may be moved from. */
	private static final Set<TenantStatus> MOVABLE = EnumSet.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED);

	private final JdbcTenantCatalog catalog;

	private final @Nullable TenantMigrator migrator;

	private final LifecycleRecorder recorder;

	private final DataSource owner;

	private final JdbcTemplate ownerJdbc;

	private final TenantRowsCopy rows;

	private final Duration drain;

	private @Nullable TenantDataSources databases;

	TenantMover(JdbcTenantCatalog catalog, @Nullable TenantMigrator migrator, LifecycleRecorder recorder,
			DataSource owner, TenantRowsCopy rows, Duration drain) {
		this.catalog = catalog;
		this.migrator = migrator;
		this.recorder = recorder;
		this.owner = owner;
		this.ownerJdbc = new JdbcTemplate(owner);
		this.rows = rows;
		this.drain = drain;
	}

	void databases(@Nullable TenantDataSources databases) {
		this.databases = databases;
	}

	Tenant move(Tenant current, Tenant destination, String actor, String reason) {
		TenantId id = current.id();
		Location from;
		Location to;
		boolean created = createDatabase(current, destination, actor, reason);
		try {
			from = locate(current);
			to = locate(destination);
		}
		catch (RuntimeException ex) {
			throw new TenantMoveException(id, false, "Tenant '" + id + "' was not moved to " + destination.placement()
					+ ": where it lives or where it would go cannot be reached: " + ex.getMessage() + ". "
					+ (created ? "Only its new database was created, and is kept for the next attempt" : "Nothing was "
							+ "changed"), ex);
		}
		String route = from + " -> " + to;
		TenantStatus[] before = new TenantStatus[1];
		AuditEvent started = this.recorder.committed(() -> {
			before[0] = this.catalog.changeStatus(id, MOVABLE, TenantStatus.MIGRATING);
			return this.recorder.record(id, Action.MOVE_STARTED, actor, reason, route);
		});
		TenantStatus status = before[0];
		this.recorder.publish(status, TenantStatus.MIGRATING, Action.MOVE_STARTED, actor, reason, started);
		Tenant switched = new Tenant(id, current.displayName(), status, destination.placement(), destination.schema(),
				destination.server(), destination.database());
		Copy[] copy = new Copy[1];
		AuditEvent moved;
		try {
			waitForInstancesToRefuse();
			if (destination.placement() != Placement.SHARED) {
				prepare(destination);
			}
			moved = copyAndSwitch(current, from, to, switched, copy, actor, reason, route);
		}
		catch (RuntimeException ex) {
			throw notMoved(id, route, status, actor, reason, ex);
		}
		// published once the outcome is settled: a listener that throws does not make the move look failed
		this.recorder.publish(TenantStatus.MIGRATING, status, Action.MOVED, actor, reason, moved);
		deleteOldRows(id, from, copy[0], route, status, actor, reason);
		return this.catalog.find(id).orElseThrow();
	}

	/**
	 * Creates the target database if its server creates tenant databases and it does not exist; not for a tenant
	 * whose status refuses the move, which the next step reports.
	 */
	private boolean createDatabase(Tenant current, Tenant destination, String actor, String reason) {
		if (destination.placement() != Placement.DATABASE || this.databases == null
				|| !MOVABLE.contains(current.status())) {
			return false;
		}
		boolean created;
		try {
			created = this.databases.createDatabase(destination);
		}
		catch (RuntimeException ex) {
			throw new TenantMoveException(current.id(), false, "Tenant '" + current.id() + "' was not moved to "
					+ "DATABASE: " + ex.getMessage() + ". Nothing was changed", ex);
		}
		if (created) {
			this.recorder.databaseChanged(destination, Action.DATABASE_CREATED, current.status(), actor, reason);
		}
		return created;
	}

	private AuditEvent copyAndSwitch(Tenant current, Location from, Location to, Tenant switched, Copy[] copy,
			String actor, String reason, String route) {
		TenantId id = current.id();
		boolean ownPlace = current.placement() != Placement.SHARED;
		Place source = from.place(from.primary() ? this.ownerJdbc : from.jdbc());
		AuditEvent[] moved = new AuditEvent[1];
		Supplier<AuditEvent> switchCatalog = () -> {
			this.catalog.changePlacement(id, current.placement(), TenantStatus.MIGRATING, switched);
			moved[0] = this.recorder.record(id, Action.MOVED, actor, reason,
					route + ", rows copied " + copy[0].rows());
			return moved[0];
		};
		boolean[] copied = new boolean[1];
		try {
			if (to.primary()) {
				// the copy, its check and the switch commit together; a source elsewhere stays locked until then
				return from.inTransaction(() -> this.recorder.committed(() -> {
					copy[0] = this.rows.copy(id, source, to.place(this.ownerJdbc), ownPlace);
					return switchCatalog.get();
				}));
			}
			// the copy commits in the target database while the source stays locked, then the catalog switches
			Supplier<AuditEvent> copyThenSwitch = () -> {
				to.inTransaction(() -> {
					copy[0] = this.rows.copy(id, source, to.place(to.jdbc()), ownPlace);
					return null;
				});
				copied[0] = true;
				return from.primary() ? switchCatalog.get() : this.recorder.committed(switchCatalog);
			};
			return from.primary() ? this.recorder.committed(copyThenSwitch) : from.inTransaction(copyThenSwitch);
		}
		catch (RuntimeException ex) {
			// a failure after the switch committed (the source's own commit, a commit whose answer was lost) is not
			// a failed move: the catalog, read again, says which
			Boolean switchedAlready = switchCommitted(id, switched, ex);
			if (Boolean.TRUE.equals(switchedAlready) && moved[0] != null) {
				return moved[0];
			}
			if (copied[0] && Boolean.FALSE.equals(switchedAlready)) {
				undoCopy(id, to, copy[0], ex);
			}
			else if (copied[0]) {
				ex.addSuppressed(new IllegalStateException("Whether the catalog was switched could not be told; the "
						+ "copy in " + to + " is kept"));
			}
			throw ex;
		}
	}

	/**
	 * Reads the catalog again, past any cache: whether the tenant is recorded at its new placement, or
	 * {@code null} if that cannot be told.
	 */
	private @Nullable Boolean switchCommitted(TenantId id, Tenant switched, RuntimeException failure) {
		try {
			return this.catalog.find(id)
				.map((tenant) -> tenant.placement() == switched.placement()
						&& Objects.equals(tenant.schema(), switched.schema())
						&& Objects.equals(tenant.server(), switched.server())
						&& Objects.equals(tenant.database(), switched.database()))
				.orElse(false);
		}
		catch (RuntimeException reading) {
			failure.addSuppressed(reading);
			return null;
		}
	}

	/** Deletes a copy that the catalog was not switched to, so that a retry finds the target empty. */
	private void undoCopy(TenantId id, Location to, Copy copy, RuntimeException failure) {
		try {
			to.inTransaction(() -> {
				this.rows.deleteCopied(id, to.place(to.jdbc()), copy);
				return null;
			});
		}
		catch (RuntimeException undoing) {
			failure.addSuppressed(new IllegalStateException("The copy in " + to + " could not be deleted; delete the "
					+ "tenant's rows there before moving it again", undoing));
		}
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

	private void deleteOldRows(TenantId id, Location from, Copy copy, String route, TenantStatus status,
			String actor, String reason) {
		AuditEvent deleted;
		boolean[] gone = new boolean[1];
		try {
			deleted = this.recorder.committed(() -> {
				from.inTransaction(() -> {
					this.rows.deleteCopied(id, from.place(from.primary() ? this.ownerJdbc : from.jdbc()), copy);
					return null;
				});
				// in a tenant's database the delete has committed by now; in the primary one it commits with the event
				gone[0] = !from.primary();
				return this.recorder.record(id, Action.MOVE_SOURCE_DELETED, actor, reason,
						from + ", rows deleted " + copy.rows());
			});
		}
		catch (RuntimeException ex) {
			String what = gone[0] ? "were deleted, but the audit event could not be written" : "were kept";
			try {
				AuditEvent kept = this.recorder.committed(() -> this.recorder.record(id,
						gone[0] ? Action.MOVE_SOURCE_DELETED : Action.MOVE_SOURCE_KEPT, actor, reason,
						from + ": " + (gone[0] ? "rows deleted " + copy.rows() : ex.getMessage())));
				this.recorder.publish(status, status, gone[0] ? Action.MOVE_SOURCE_DELETED : Action.MOVE_SOURCE_KEPT,
						actor, reason, kept);
			}
			catch (RuntimeException recording) {
				ex.addSuppressed(recording);
			}
			throw new TenantMoveException(id, true, "Tenant '" + id + "' was moved (" + route + ") and is served "
					+ "from there, but its rows in " + from + " " + what + ": " + ex.getMessage()
					+ (gone[0] ? "" : ". Nothing was lost; delete them once checked"), ex);
		}
		this.recorder.publish(status, status, Action.MOVE_SOURCE_DELETED, actor, reason, deleted);
	}

	/** Creates and migrates the target schema, or migrates the target database. */
	private void prepare(Tenant destination) {
		TenantMigrationOutcome outcome = requireMigrator().migrate(destination);
		if (outcome.result() == TenantMigrationOutcome.Result.FAILED) {
			throw new IllegalStateException("migrating " + locate(destination) + " failed: " + outcome.error());
		}
	}

	private TenantMigrator requireMigrator() {
		if (this.migrator == null) {
			throw new IllegalStateException("a move to or from SCHEMA or DATABASE placement needs tenant migrations, "
					+ "but no TenantMigrator is configured (is Flyway on the class path?)");
		}
		return this.migrator;
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

	private Location locate(Tenant tenant) {
		return switch (tenant.placement()) {
			case SHARED -> new Location("SHARED", currentSchema(this.ownerJdbc), null, "the primary database");
			case SCHEMA -> new Location("SCHEMA", tenant.schemaName(), null, "the primary database");
			case DATABASE -> {
				DataSource database = requireMigrator().ownerDataSource(tenant);
				yield new Location("DATABASE", currentSchema(new JdbcTemplate(database)), database,
						"database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'");
			}
		};
	}

	private static String currentSchema(JdbcTemplate jdbc) {
		return Objects.requireNonNull(jdbc.queryForObject("select current_schema()", String.class));
	}

	/**
	 * Where a placement keeps a tenant's rows: a schema of the primary database, or of a tenant's own database.
	 *
	 * @param placement the placement's name
	 * @param schema the schema
	 * @param database the tenant's own database as the owner role, or {@code null} for the primary database
	 * @param description the database, for messages
	 */
	private record Location(String placement, String schema, @Nullable DataSource database, String description) {

		boolean primary() {
			return this.database == null;
		}

		JdbcTemplate jdbc() {
			return new JdbcTemplate(Objects.requireNonNull(this.database));
		}

		Place place(JdbcOperations jdbc) {
			return new Place(jdbc, this.schema, this.description);
		}

		/** Runs work in a transaction on this location's own database; on the primary one, as it is. */
		<T> T inTransaction(Supplier<T> work) {
			if (primary()) {
				return work.get();
			}
			return new TransactionTemplate(new DataSourceTransactionManager(Objects.requireNonNull(this.database)))
				.execute((status) -> work.get());
		}

		@Override
		public String toString() {
			return this.placement + " (schema '" + this.schema + "' of " + this.description + ")";
		}

	}

}
