package dev.tenancy.jpa.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.migration.MigrationState;
import dev.tenancy.jpa.migration.TenantMigrationState;
import dev.tenancy.jpa.migration.TenantMigrationStateStore;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A tenant catalog in the control-plane table {@code tenancy.tenants} of the primary database, created by the
 * library's migration {@code V0_2__tenancy_catalog.sql}. It also records each tenant's migration state.
 * <p>
 * Reads go through the runtime role, which may only {@code SELECT}; writes go through the owner role, so that
 * code running as the runtime role can never re-point a tenant at another tenant's schema or database. The
 * table is control-plane data: it is not filtered by row-level security, and reads need no tenant bound. Every
 * value is a bound parameter. Lookups are not cached here; wrap the catalog in a
 * {@link dev.tenancy.core.catalog.CachingTenantCatalog} and register its
 * {@link dev.tenancy.core.catalog.CachingTenantCatalog#evict(TenantId) evict} method as a
 * {@link TenantChangeListener}, so that changes made here are seen here at once.
 * <p>
 * Thread-safe.
 */
public class JdbcTenantCatalog implements TenantCatalog, TenantMigrationStateStore {

	private static final String TENANT_COLUMNS = "id, display_name, status, placement, schema_name, server_name, "
			+ "database_name";

	private static final String FIND = "select " + TENANT_COLUMNS + " from tenancy.tenants where id = ?";

	private static final String FIND_ALL = "select " + TENANT_COLUMNS + " from tenancy.tenants order by id";

	private static final String FIND_ENTRY = "select " + TENANT_COLUMNS + ", plan, created_at, updated_at, "
			+ "migration_state, migration_version, migration_error, migrated_at from tenancy.tenants where id = ?";

	private static final String INSERT = "insert into tenancy.tenants (id, display_name, status, placement, "
			+ "schema_name, server_name, database_name, plan, migration_state) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String UPDATE_STATUS = "update tenancy.tenants set status = ? where id = ?";

	private static final String FIND_STATUS = "select status from tenancy.tenants where id = ?";

	private static final String CHANGE_PLACEMENT = "update tenancy.tenants set placement = ?, schema_name = ?, "
			+ "server_name = ?, database_name = ?, status = ? where id = ? and placement = ? and status = ?";

	private static final String FORGET_STATE = "update tenancy.tenants set migration_state = null, "
			+ "migration_version = null, migration_error = null, migrated_at = null where id = ?";

	private static final String STATE_COLUMNS = "migration_state, migration_version, migration_error, migrated_at";

	private static final String FIND_STATE = "select " + STATE_COLUMNS
			+ " from tenancy.tenants where id = ? and migration_state is not null";

	private static final String FIND_ALL_STATES = "select id, " + STATE_COLUMNS
			+ " from tenancy.tenants where migration_state is not null";

	private static final String RECORD_STATE = "update tenancy.tenants set migration_state = ?, migration_version = ?, "
			+ "migration_error = ?, migrated_at = ? where id = ?";

	private static final RowMapper<Tenant> TENANT = (rs, row) -> tenant(rs);

	private static final RowMapper<TenantMigrationState> STATE = (rs, row) -> state(rs);

	private final JdbcOperations reads;

	private final JdbcOperations writes;

	private final List<TenantChangeListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates a catalog that reads as the runtime role and writes as the owner role.
	 * @param runtime the primary database as the runtime role; must not route by tenant
	 * @param owner the primary database as the owner of {@code tenancy.tenants}
	 */
	public JdbcTenantCatalog(DataSource runtime, DataSource owner) {
		this(new JdbcTemplate(runtime), new JdbcTemplate(owner));
	}

	/**
	 * Creates a catalog that reads and writes through the given operations.
	 * @param reads operations as a role that may select from {@code tenancy.tenants}
	 * @param writes operations as a role that may insert into and update it
	 */
	public JdbcTenantCatalog(JdbcOperations reads, JdbcOperations writes) {
		this.reads = reads;
		this.writes = writes;
	}

	/**
	 * Adds a listener told about every change this instance makes.
	 * @param listener the listener, for example {@code cachingCatalog::evict}
	 */
	public void addChangeListener(TenantChangeListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public Optional<Tenant> find(TenantId id) {
		return this.reads.query(FIND, TENANT, id.value()).stream().findFirst();
	}

	@Override
	public List<Tenant> findAll() {
		return this.reads.query(FIND_ALL, TENANT);
	}

	/**
	 * Finds everything recorded about a tenant.
	 * @param id the tenant id
	 * @return the entry, or empty if the catalog does not know the tenant
	 */
	public Optional<TenantCatalogEntry> findEntry(TenantId id) {
		return this.reads.query(FIND_ENTRY, (rs, row) -> new TenantCatalogEntry(tenant(rs), rs.getString("plan"),
				instant(rs, "created_at"), instant(rs, "updated_at"),
				(rs.getString("migration_state") != null) ? state(rs) : null), id.value()).stream().findFirst();
	}

	/**
	 * Adds a tenant. A {@code SCHEMA} or {@code DATABASE} tenant is recorded with its effective schema, or server
	 * and database, and migration state {@link MigrationState#PENDING}.
	 * @param tenant the tenant
	 * @param plan its commercial plan or tier, or {@code null}
	 * @throws DuplicateKeyException if the id, the schema, or the database on that server is already taken
	 * @throws DataIntegrityViolationException if the catalog's constraints reject the entry
	 */
	public void register(Tenant tenant, @Nullable String plan) {
		Placement placement = tenant.placement();
		String schema = (placement == Placement.SCHEMA) ? tenant.schemaName() : tenant.schema();
		String server = (placement == Placement.DATABASE) ? tenant.serverName() : tenant.server();
		String database = (placement == Placement.DATABASE) ? tenant.databaseName() : tenant.database();
		String migration = (placement != Placement.SHARED) ? MigrationState.PENDING.name() : null;
		try {
			this.writes.update(INSERT, tenant.id().value(), tenant.displayName(), tenant.status().name(),
					placement.name(), schema, server, database, plan, migration);
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateKeyException(duplicateMessage(tenant, schema, server, database, ex), ex);
		}
		catch (DataIntegrityViolationException ex) {
			throw new DataIntegrityViolationException("The catalog rejected tenant '" + tenant.id() + "': "
					+ ex.getMostSpecificCause().getMessage(), ex);
		}
		changed(tenant.id());
	}

	/**
	 * Changes a tenant's status.
	 * @param id the tenant id
	 * @param status the new status
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public void updateStatus(TenantId id, TenantStatus status) {
		int updated = this.writes.update(UPDATE_STATUS, status.name(), id.value());
		requireUpdated(id, updated);
		changed(id);
	}

	/**
	 * Changes a tenant's status if it is one of the given ones, in one statement, so that two concurrent changes
	 * of one tenant cannot both pass the check.
	 * @param id the tenant id
	 * @param from the statuses the tenant may be in
	 * @param to the new status
	 * @return the status the tenant was in
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 * @throws IllegalStateException if the tenant is in another status than those given
	 */
	public TenantStatus changeStatus(TenantId id, Set<TenantStatus> from, TenantStatus to) {
		if (from.isEmpty()) {
			throw new IllegalArgumentException("from must name at least one status");
		}
		String marks = String.join(", ", Collections.nCopies(from.size(), "?"));
		String sql = "update tenancy.tenants t set status = ? from (select id, status from tenancy.tenants "
				+ "where id = ? for update) old where t.id = old.id and old.status in (" + marks
				+ ") returning old.status";
		List<Object> args = new ArrayList<>();
		args.add(to.name());
		args.add(id.value());
		from.stream().map(TenantStatus::name).sorted().forEach(args::add);
		List<String> previous = this.writes.queryForList(sql, String.class, args.toArray());
		if (previous.isEmpty()) {
			List<String> current = this.writes.queryForList(FIND_STATUS, String.class, id.value());
			requireUpdated(id, current.size());
			throw new IllegalStateException("Tenant '" + id + "' is " + current.get(0) + "; it can become " + to
					+ " only from " + from.stream().map(TenantStatus::name).sorted().toList());
		}
		changed(id);
		return TenantStatus.valueOf(previous.get(0));
	}

	/**
	 * Records that a tenant now lives elsewhere, with its status, if it still has the placement and status the
	 * caller found. A tenant moved to {@code SHARED} keeps no migration state.
	 * @param id the tenant id
	 * @param from the placement the tenant has now
	 * @param status the status the tenant has now
	 * @param to the tenant as it is to be recorded: placement, storage names and status
	 * @throws IllegalStateException if the tenant no longer has placement {@code from} and status {@code status}
	 * @throws DuplicateKeyException if its new schema, or database on that server, belongs to another tenant
	 */
	public void changePlacement(TenantId id, Placement from, TenantStatus status, Tenant to) {
		Placement placement = to.placement();
		String schema = (placement == Placement.SCHEMA) ? to.schemaName() : null;
		String server = (placement == Placement.DATABASE) ? to.serverName() : null;
		String database = (placement == Placement.DATABASE) ? to.databaseName() : null;
		int updated;
		try {
			updated = this.writes.update(CHANGE_PLACEMENT, placement.name(), schema, server, database,
					to.status().name(), id.value(), from.name(), status.name());
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateKeyException(duplicateMessage(to, schema, server, database, ex), ex);
		}
		if (updated == 0) {
			throw new IllegalStateException("Tenant '" + id + "' is no longer " + status + " with placement " + from
					+ "; its placement was not changed");
		}
		if (placement == Placement.SHARED) {
			this.writes.update(FORGET_STATE, id.value());
		}
		changed(id);
	}

	@Override
	public Optional<TenantMigrationState> findState(TenantId id) {
		return this.reads.query(FIND_STATE, STATE, id.value()).stream().findFirst();
	}

	@Override
	public Map<TenantId, TenantMigrationState> findAllStates() {
		Map<TenantId, TenantMigrationState> states = new LinkedHashMap<>();
		this.reads.query(FIND_ALL_STATES, (ResultSet rs) -> {
			states.put(TenantId.of(rs.getString("id")), state(rs));
		});
		return states;
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	@Override
	public void recordState(TenantId id, TenantMigrationState state) {
		requireUpdated(id, this.writes.update(RECORD_STATE, stateRow(id, state)));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Written in one batch.
	 * @throws IllegalArgumentException if the catalog does not know one of the tenants
	 */
	@Override
	public void recordStates(Map<TenantId, TenantMigrationState> states) {
		List<TenantId> ids = List.copyOf(states.keySet());
		List<Object[]> rows = ids.stream().map((id) -> stateRow(id, states.get(id))).toList();
		int[] updated = this.writes.batchUpdate(RECORD_STATE, rows);
		for (int i = 0; i < updated.length; i++) {
			requireUpdated(ids.get(i), updated[i]);
		}
	}

	private static Object[] stateRow(TenantId id, TenantMigrationState state) {
		OffsetDateTime migratedAt = (state.migratedAt() != null) ? state.migratedAt().atOffset(ZoneOffset.UTC) : null;
		return new Object[] { state.state().name(), state.version(), state.error(), migratedAt, id.value() };
	}

	private void changed(TenantId id) {
		notifyListeners(id);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// a reader may cache the old entry again before the surrounding transaction commits
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					notifyListeners(id);
				}

			});
		}
	}

	private void notifyListeners(TenantId id) {
		for (TenantChangeListener listener : this.listeners) {
			listener.tenantChanged(id);
		}
	}

	private static void requireUpdated(TenantId id, int updated) {
		if (updated == 0) {
			throw new IllegalArgumentException("Tenant '" + id + "' is not in the catalog (tenancy.tenants); "
					+ "register it first");
		}
	}

	private static String duplicateMessage(Tenant tenant, @Nullable String schema, @Nullable String server,
			@Nullable String database, DuplicateKeyException ex) {
		String detail = String.valueOf(ex.getMostSpecificCause().getMessage());
		if (detail.contains("tenants_schema_name_key")) {
			return "Schema '" + schema + "' is already used by another tenant; choose another schema for tenant '"
					+ tenant.id() + "'";
		}
		if (detail.contains("tenants_server_database_key")) {
			return "Database '" + database + "' on server '" + server + "' is already used by another tenant; "
					+ "choose another database for tenant '" + tenant.id() + "'";
		}
		return "Tenant '" + tenant.id() + "' is already in the catalog";
	}

	private static Tenant tenant(ResultSet rs) throws SQLException {
		return new Tenant(TenantId.of(rs.getString("id")), rs.getString("display_name"),
				TenantStatus.valueOf(rs.getString("status")), Placement.valueOf(rs.getString("placement")),
				rs.getString("schema_name"), rs.getString("server_name"), rs.getString("database_name"));
	}

	private static TenantMigrationState state(ResultSet rs) throws SQLException {
		OffsetDateTime migratedAt = rs.getObject("migrated_at", OffsetDateTime.class);
		return new TenantMigrationState(MigrationState.valueOf(rs.getString("migration_state")),
				rs.getString("migration_version"), rs.getString("migration_error"),
				(migratedAt != null) ? migratedAt.toInstant() : null);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
