package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenancy.core.Placement;
import dev.tenancy.core.StorageNames;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out connections that carry the tenant bound when they were taken to PostgreSQL, as the setting
 * {@code app.tenant_id} that row-level security policies read, from where the tenant's placement says.
 * <p>
 * With a {@link TenantCatalog}, each tenant is routed by its entry: {@code SHARED} tenants get a connection of
 * the shared pool; {@code SCHEMA} tenants a connection of the shared pool whose {@code search_path} is the
 * tenant's schema for that transaction (or, in {@code SESSION} mode, until it is returned); {@code DATABASE}
 * tenants a connection of their own pool ({@link TenantDataSources}). A tenant the catalog does not know gets
 * no connection at all, never one of a default database, and neither does one being moved
 * ({@link TenantStatus#MIGRATING}). Without a catalog every tenant is {@code SHARED}.
 * <p>
 * The tenant is set through {@code set_config('app.tenant_id', ?, is_local)}: the tenant is a bound parameter,
 * never concatenated; the setting's name, checked to be a custom setting's, is written in.
 * A connection taken with no tenant bound carries none, so policies comparing against
 * {@code NULLIF(current_setting('app.tenant_id', true), '')} return no rows. The tenant is fixed for the
 * life of the connection handle: binding another tenant while holding it changes nothing.
 * <p>
 * A connection taken for read-only work ({@code TenantContext.where(tenant).readOnly()}, or a request an admission
 * let read only) runs read-only transactions: PostgreSQL refuses their writes with SQL state {@code 25006}.
 */
public class TenantAwareDataSource extends DelegatingDataSource {

	/** The PostgreSQL setting that carries the tenant. */
	public static final String DEFAULT_SETTING_NAME = "app.tenant_id";

	/** How many SCHEMA tenants' schemas one pooled connection serves before it is retired, by default. */
	public static final int DEFAULT_MAX_SCHEMAS_PER_CONNECTION = 1000;

	/**
	 * How many pools' default search_path SESSION mode remembers: well above the pools one instance keeps open
	 * (the shared pool, the schema pools and {@code tenancy.placement.database.max-pools} tenant pools), so that
	 * only pools long closed are forgotten; a forgotten pool costs one query on its next checkout.
	 */
	static final int MAX_REMEMBERED_SEARCH_PATHS = 10_000;

	private final TenantConnectionMode mode;

	private final TenantSettingStatements settingStatements;

	private final AtomicBoolean autocommitWarningLogged = new AtomicBoolean();

	/**
	 * SESSION mode: each pool's default search_path, read once, restored for every non-SCHEMA use. Keyed by the
	 * pool's DataSource, which {@link TenantDataSources} may hand out anew (but equal) on every call, and bounded,
	 * so that the pools of tenants long gone, or an implementation whose DataSources are never equal, cannot make
	 * it grow without end.
	 */
	private final Cache<DataSource, String> defaultSearchPaths = Caffeine.newBuilder()
		.maximumSize(MAX_REMEMBERED_SEARCH_PATHS)
		.build();

	private final Supplier<@Nullable TenantCatalog> catalog;

	private SchemaSpreadLimit schemaSpread = new SchemaSpreadLimit(DEFAULT_MAX_SCHEMAS_PER_CONNECTION);

	private boolean perSchemaStatements;

	private boolean tenantWithFirstStatement = true;

	private List<DataSource> schemaPools = List.of();

	private final Supplier<@Nullable TenantDataSources> databases;

	public TenantAwareDataSource(DataSource targetDataSource, TenantConnectionMode mode, String settingName) {
		this(targetDataSource, mode, settingName, () -> null, () -> null);
	}

	/**
	 * Creates a data source that routes tenants by their placement.
	 * @param targetDataSource the shared pool, for SHARED and SCHEMA tenants and for work with no tenant
	 * @param mode how long the tenant setting lives on a connection
	 * @param settingName the PostgreSQL setting that carries the tenant
	 * @param catalog where tenants' placements come from, supplying {@code null} to treat every tenant as
	 * SHARED; asked on each use, so that a catalog that itself needs this data source can be created after it
	 * @param databases the pools of DATABASE tenants, supplying {@code null} if there are none
	 */
	public TenantAwareDataSource(DataSource targetDataSource, TenantConnectionMode mode, String settingName,
			Supplier<@Nullable TenantCatalog> catalog, Supplier<@Nullable TenantDataSources> databases) {
		super(targetDataSource);
		this.catalog = catalog;
		this.databases = databases;
		this.settingStatements = new TenantSettingStatements(settingName);
		this.mode = mode;
	}

	public TenantAwareDataSource(DataSource targetDataSource) {
		this(targetDataSource, TenantConnectionMode.TRANSACTION, DEFAULT_SETTING_NAME);
	}

	@Override
	public Connection getConnection() throws SQLException {
		TenantId tenantId = TenantContext.current().orElse(null);
		Tenant tenant = placementOf(tenantId);
		if (tenant == null || tenant.placement() == Placement.SHARED) {
			return wrap(obtainTargetDataSource(), tenantId, null);
		}
		if (tenant.placement() == Placement.SCHEMA) {
			return wrap(schemaPool(tenant.schemaName()), tenantId, searchPath(tenant.schemaName()));
		}
		TenantDataSources databases = this.databases.get();
		if (databases == null) {
			throw new SQLException("Tenant '" + tenantId + "' has DATABASE placement but no TenantDataSources is "
					+ "configured; configure tenancy.placement.servers", "08001");
		}
		return wrap(databases.runtimeDataSource(tenant), tenantId, null);
	}

	/**
	 * Returns a SCHEMA tenant's {@code search_path}: its schema, then the session's temporary tables. Unnamed,
	 * PostgreSQL searches temporary tables first, so one that an earlier user of the pooled connection left behind
	 * under the name of a tenant table would stand in for it.
	 * @param schemaName the tenant's schema
	 * @return the value, the schema quoted
	 */
	static String searchPath(String schemaName) {
		return StorageNames.quote(schemaName) + ", pg_temp";
	}

	/**
	 * Not supported for tenant connections: credentials come from the placement.
	 */
	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		TenantId tenantId = TenantContext.current().orElse(null);
		if (placementOf(tenantId) != null) {
			throw new SQLException("Connections with explicit credentials are not routed by tenant; use getConnection()");
		}
		return wrap(obtainTargetDataSource().getConnection(username, password), obtainTargetDataSource(), tenantId, null);
	}

	private @Nullable Tenant placementOf(@Nullable TenantId tenantId) throws SQLException {
		TenantCatalog catalog = (tenantId != null) ? this.catalog.get() : null;
		if (tenantId == null || catalog == null) {
			return null;
		}
		Tenant tenant = catalog.find(tenantId)
			.orElseThrow(() -> new SQLException("Tenant '" + tenantId + "' is not in the tenant catalog; "
					+ "no connection is handed out for an unknown tenant", "08004"));
		if (tenant.status() == TenantStatus.MIGRATING) {
			// what work already running wrote now could be left where the tenant lived before
			throw new SQLException("Tenant '" + tenantId + "' is being moved to another placement; no connection is "
					+ "handed out until the move completes", "08004");
		}
		return tenant;
	}

	/**
	 * Sets how many SCHEMA tenants' schemas one pooled connection serves before it is retired from its pool
	 * (HikariCP evicts it; another pool just gets it back), bounding the catalog cache of each
	 * PostgreSQL backend.
	 * @param maxSchemasPerConnection the limit, or {@code 0} for none
	 */
	public void setMaxSchemasPerConnection(int maxSchemasPerConnection) {
		this.schemaSpread = new SchemaSpreadLimit(maxSchemasPerConnection);
	}

	/**
	 * Sets whether SCHEMA tenants' statements get their own text per schema (a trailing comment naming the
	 * schema), so that the driver prepares, and PostgreSQL plans, one statement per schema instead of
	 * re-planning a shared one whenever the connection's {@code search_path} changes. Pays off while the
	 * schemas a connection serves, times the statements per schema, fit the driver's statement cache
	 * ({@code preparedStatementCacheQueries}, 256 by default); beyond that it costs more than it saves.
	 * @param perSchemaStatements whether to tag statements
	 */
	public void setPerSchemaStatements(boolean perSchemaStatements) {
		this.perSchemaStatements = perSchemaStatements;
	}

	/**
	 * Sets whether, in TRANSACTION mode, statements from {@code prepareStatement(String)} (and its forward-only,
	 * read-only equivalent) carry the tenant themselves: the first one a transaction executes sends the tenant
	 * setting and itself in one round trip, instead of the setting taking a round trip of its own. Other
	 * statements, batches and savepoints set the tenant on their own either way. On by default.
	 * @param tenantWithFirstStatement whether prepared statements carry the tenant
	 */
	public void setTenantWithFirstStatement(boolean tenantWithFirstStatement) {
		this.tenantWithFirstStatement = tenantWithFirstStatement;
	}

	/**
	 * Returns whether, in TRANSACTION mode, prepared statements carry the tenant themselves.
	 * @return whether the tenant travels with each transaction's first prepared statement
	 */
	public boolean isTenantWithFirstStatement() {
		return this.tenantWithFirstStatement;
	}

	/**
	 * Gives SCHEMA tenants pools of their own instead of the shared pool: each schema always goes to the same
	 * one of them (chosen by a hash of its name that every instance of the application agrees on), so each
	 * connection serves only its pool's share of the schemas. That keeps per-schema statements within the
	 * driver's statement cache and divides each backend's catalog cache and cached plans by the number of pools,
	 * at the price of a busy tenant being limited to its pool's connections. Whoever created the pools
	 * closes them.
	 * @param schemaPools the pools, or an empty list to serve SCHEMA tenants from the shared pool
	 */
	public void setSchemaPools(List<? extends DataSource> schemaPools) {
		this.schemaPools = List.copyOf(schemaPools);
	}

	/**
	 * Returns the pool that serves a schema.
	 * @param schema the schema's name
	 * @return one of the SCHEMA tenants' pools, or the shared pool when there are none
	 */
	public DataSource schemaPool(String schema) {
		List<DataSource> pools = this.schemaPools;
		return pools.isEmpty() ? obtainTargetDataSource() : pools.get(Math.floorMod(schema.hashCode(), pools.size()));
	}

	/**
	 * Returns how long the tenant setting lives on a connection.
	 * @return the mode
	 */
	public TenantConnectionMode getMode() {
		return this.mode;
	}

	/**
	 * Returns the name of the PostgreSQL setting that carries the tenant.
	 * @return the setting name
	 */
	public String getSettingName() {
		return this.settingStatements.settingName();
	}

	private Connection wrap(DataSource pool, @Nullable TenantId tenant, @Nullable String searchPath)
			throws SQLException {
		return wrap(pool.getConnection(), pool, tenant, searchPath);
	}

	private Connection wrap(Connection connection, DataSource pool, @Nullable TenantId tenant,
			@Nullable String searchPath) throws SQLException {
		String defaultSearchPath = null;
		if (this.mode == TenantConnectionMode.SESSION) {
			try {
				defaultSearchPath = defaultSearchPath(pool, connection);
			}
			catch (SQLException | RuntimeException ex) {
				connection.close();
				throw ex;
			}
		}
		TenantBoundConnection bound = new TenantBoundConnection(connection, tenant, TenantContext.isReadOnly(),
				searchPath, defaultSearchPath, this.mode, this.settingStatements, this.autocommitWarningLogged);
		try {
			bound.pool(pool);
			bound.perSchemaStatements(this.perSchemaStatements);
			bound.tenantWithFirstStatement(this.tenantWithFirstStatement);
			if (searchPath != null && this.schemaSpread.record(connection, searchPath)) {
				bound.retireOnClose((target) -> PooledConnections.retire(pool, target));
			}
			bound.onCheckout();
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		return bound;
	}

	private String defaultSearchPath(DataSource pool, Connection connection) throws SQLException {
		String known = this.defaultSearchPaths.getIfPresent(pool);
		if (known != null) {
			return known;
		}
		// reset_val is the value a fresh session of this pool's role and database starts with
		try (PreparedStatement statement = connection
			.prepareStatement("select reset_val from pg_settings where name = 'search_path'");
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			String value = rows.getString(1);
			this.defaultSearchPaths.put(pool, value);
			return value;
		}
	}

	/**
	 * Returns how many pools' default search_path SESSION mode remembers.
	 * @return the number of pools, at most {@link #MAX_REMEMBERED_SEARCH_PATHS}
	 */
	long rememberedSearchPaths() {
		this.defaultSearchPaths.cleanUp();
		return this.defaultSearchPaths.estimatedSize();
	}

	static @Nullable String valueOf(@Nullable TenantId tenant) {
		return (tenant != null) ? tenant.value() : null;
	}

}
