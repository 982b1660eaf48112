package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.StorageNames;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link TenantDataSources} with one HikariCP pool per tenant database, created on first use, closed when idle,
 * evicted least recently used beyond {@link TenantPoolLimits#maxPools()}, all under a global connection budget.
 * <p>
 * Every pool has {@link TenantPoolLimits#poolSize()} connections at most, its share of the budget, and opens
 * them only with a permit of the budget, which also covers retired pools still draining. An evicted or idle
 * pool hands out no new connection and is closed, off the caller's thread, once every connection taken from it
 * is back; a connection taken before stays valid. A tenant whose server does not answer within
 * {@link TenantPoolLimits#connectionTimeout()} gets a {@link TenantUnavailableException} (a 503) naming the tenant
 * and server, never a password, while other tenants' pools go on serving. There is no fallback: a tenant that is
 * not {@code DATABASE}-placed, or whose server is not configured, gets no DataSource at all.
 * <p>
 * Thread-safe. The getters ({@link #getOpenPools()}, {@link #getConnectionsInUse()}, ...) are cheap enough for
 * metrics gauges.
 */
public class PooledTenantDataSources implements TenantDataSources, AutoCloseable {

	private static final int MAX_BORROW_ATTEMPTS = 10;

	/** How long dropping a tenant database waits for this instance's pool of it to close. */
	private static final int POOL_CLOSE_SECONDS = 10;

	private final Map<String, DatabaseServer> servers;

	private final TenantPoolLimits limits;

	private final ConnectionBudget budget;

	private final TenantPoolCache pools;

	private final LongSupplier clock;

	/**
	 * Creates the pools of the given servers. No pool is created, and no thread started, until a tenant asks.
	 * @param servers the configured servers
	 * @param limits the pool limits and budget
	 */
	public PooledTenantDataSources(Iterable<DatabaseServer> servers, TenantPoolLimits limits) {
		this(servers, limits, System::nanoTime);
	}

	PooledTenantDataSources(Iterable<DatabaseServer> servers, TenantPoolLimits limits, LongSupplier clock) {
		Map<String, DatabaseServer> byName = new LinkedHashMap<>();
		for (DatabaseServer server : servers) {
			if (byName.putIfAbsent(server.getName(), server) != null) {
				throw new IllegalArgumentException("server '" + server.getName() + "' is configured twice");
			}
		}
		this.servers = Collections.unmodifiableMap(byName);
		this.limits = limits;
		// half the connection timeout: a request that times out for want of a permit then learns why
		this.budget = new ConnectionBudget(limits.connectionBudget(), limits.connectionTimeout().dividedBy(2));
		this.pools = new TenantPoolCache(limits.maxPools(), limits.idleTimeout());
		this.clock = clock;
	}

	@Override
	public DataSource runtimeDataSource(Tenant tenant) {
		return new TenantPoolDataSource(this, tenant, serverOf(tenant));
	}

	@Override
	public DataSource ownerDataSource(Tenant tenant) {
		DatabaseServer server = serverOf(tenant);
		if (server.getOwnerUsername() == null) {
			throw new IllegalStateException("Server '" + server.getName() + "' has no owner login for migrations: set "
					+ "tenancy.placement.servers." + server.getName() + ".owner-username and owner-password"
					+ (StorageNames.PRIMARY_SERVER.equals(server.getName()) ? " (or spring.flyway.user and password)" : ""));
		}
		return physicalDataSource(server, tenant.databaseName(), server.getOwnerUsername(), server.ownerPassword());
	}

	@Override
	public boolean createDatabase(Tenant tenant) {
		DatabaseServer server = creatingServerOf(tenant);
		return server != null && databases(server).create(tenant.id(), tenant.databaseName());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * This instance's pool of the database is closed first, waiting up to {@value #POOL_CLOSE_SECONDS} seconds for
	 * its connections to come back.
	 */
	@Override
	public DatabaseDrop dropDatabase(Tenant tenant) {
		DatabaseServer server = creatingServerOf(tenant);
		if (server == null) {
			return DatabaseDrop.KEPT;
		}
		String database = tenant.databaseName();
		return databases(server).drop(tenant.id(), database, () -> {
			if (!this.pools.retireAndAwait(
					(key) -> key.server().equals(server.getName()) && key.database().equals(database),
					Duration.ofSeconds(POOL_CLOSE_SECONDS))) {
				throw new IllegalStateException("Database '" + database + "' on server '" + server.getName()
						+ "' was not dropped: this instance's pool of it still lends connections after "
						+ POOL_CLOSE_SECONDS + " s; end the work that holds them, then try again");
			}
		});
	}

	/**
	 * Returns the configured servers.
	 * @return the servers by name
	 */
	public Map<String, DatabaseServer> getServers() {
		return this.servers;
	}

	/**
	 * Returns the limits the pools are kept within.
	 * @return the limits
	 */
	public TenantPoolLimits getLimits() {
		return this.limits;
	}

	/**
	 * Returns the number of pools serving tenants.
	 * @return the open pools, at most {@link TenantPoolLimits#maxPools()}
	 */
	public int getOpenPools() {
		return this.pools.openPools();
	}

	/**
	 * Returns the number of retired pools waiting for their connections to come back before they close.
	 * @return the draining pools
	 */
	public int getDrainingPools() {
		return this.pools.drainingPools();
	}

	/**
	 * Returns how many pools have been closed, idle or evicted, since start.
	 * @return the closed pools, a counter
	 */
	public long getClosedPools() {
		return this.pools.closedPools();
	}

	/**
	 * Returns the number of connections handed out and not yet returned, across open and draining pools.
	 * @return the connections in use
	 */
	public int getConnectionsInUse() {
		int inUse = 0;
		for (TenantPool pool : this.pools.pools()) {
			inUse += pool.activeConnections();
		}
		return inUse;
	}

	/**
	 * Returns the number of requests waiting for a connection, across open and draining pools.
	 * @return the waiting requests
	 */
	public int getConnectionsPending() {
		int pending = 0;
		for (TenantPool pool : this.pools.pools()) {
			pending += pool.threadsAwaitingConnection();
		}
		return pending;
	}

	/**
	 * Returns the number of connections open to tenant databases, in use or idle, across all pools.
	 * @return the open connections, at most {@link TenantPoolLimits#connectionBudget()}
	 */
	public int getOpenConnections() {
		return this.budget.open();
	}

	/**
	 * Returns the most connections that have been open to tenant databases at once since start.
	 * @return the high-water mark, at most {@link TenantPoolLimits#connectionBudget()}
	 */
	public int getPeakOpenConnections() {
		return this.budget.peak();
	}

	/**
	 * Closes every pool, aborting connections still in use. For application shutdown.
	 */
	@Override
	public void close() {
		this.pools.close();
	}

	Connection connection(TenantPool.Key key, DatabaseServer server) {
		for (int attempt = 1; attempt <= MAX_BORROW_ATTEMPTS; attempt++) {
			TenantPool pool = this.pools.get(key,
					(newKey, housekeeper, closer) -> newPool(newKey, server, housekeeper, closer));
			try {
				Connection connection = pool.borrow();
				if (connection != null) {
					return connection;
				}
				// retired between lookup and borrow: ask again for the tenant's current pool
			}
			catch (SQLException ex) {
				throw TenantPoolFailures.unavailable(key, pool, this.limits, ex);
			}
		}
		throw new TenantUnavailableException(key.tenant(), "Tenant '" + key.tenant() + "' on server '"
				+ server.getName() + "' is unavailable: its pool was evicted " + MAX_BORROW_ATTEMPTS
				+ " times in a row; raise tenancy.placement.database.max-pools");
	}

	void closeIdlePools() {
		this.pools.closeIdlePools();
	}

	private TenantPool newPool(TenantPool.Key key, DatabaseServer server, ScheduledExecutorService housekeeper,
			Consumer<TenantPool> closer) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("tenant-" + key.tenant() + "@" + key.server());
		config.setDataSource(this.budget
			.guard(physicalDataSource(server, key.database(), server.getUsername(), server.password())));
		config.setMaximumPoolSize(this.limits.poolSize());
		config.setMinimumIdle(0);
		long timeout = this.limits.connectionTimeout().toMillis();
		config.setConnectionTimeout(timeout);
		config.setValidationTimeout(Math.max(250, Math.min(5000, timeout / 2)));
		// no connection at creation: a slow server must not hold the cache's lock or delay other tenants
		config.setInitializationFailTimeout(-1);
		config.setScheduledExecutor(housekeeper);
		return new TenantPool(key, new HikariDataSource(config), closer, this.clock);
	}

	private ServerDatabases databases(DatabaseServer server) {
		return new ServerDatabases(server, physicalDataSource(server,
				Objects.requireNonNull(server.getMaintenanceDatabase()), server.getOwnerUsername(),
				server.ownerPassword()));
	}

	/** The tenant's server if it creates tenant databases; a server that is not configured does not. */
	private @Nullable DatabaseServer creatingServerOf(Tenant tenant) {
		DatabaseServer server = (tenant.placement() == Placement.DATABASE) ? this.servers.get(tenant.serverName())
				: null;
		return (server != null && server.isCreatingDatabases()) ? server : null;
	}

	private DatabaseServer serverOf(Tenant tenant) {
		if (tenant.placement() != Placement.DATABASE) {
			throw new IllegalArgumentException("Tenant '" + tenant.id() + "' has " + tenant.placement()
					+ " placement; only DATABASE tenants have a database of their own");
		}
		DatabaseServer server = this.servers.get(tenant.serverName());
		if (server == null) {
			throw new TenantUnavailableException(tenant.id(), "Tenant '" + tenant.id() + "' is placed on server '"
					+ tenant.serverName() + "', which is not configured: add tenancy.placement.servers."
					+ tenant.serverName() + ".url, or move the tenant to one of " + this.servers.keySet());
		}
		return server;
	}

	private DataSource physicalDataSource(DatabaseServer server, String database, @Nullable String username,
			@Nullable String password) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(server.jdbcUrl(database));
		dataSource.setUsername(username);
		dataSource.setPassword(password);
		// PostgreSQL driver timeouts, in seconds: a dead server must not hold a pool's connection thread (and a
		// permit of the budget) much longer than the requests waiting on it
		String seconds = Long.toString(Math.max(1, (this.limits.connectionTimeout().toMillis() + 999) / 1000));
		Properties properties = new Properties();
		properties.setProperty("connectTimeout", seconds);
		properties.setProperty("loginTimeout", seconds);
		dataSource.setConnectionProperties(properties);
		return dataSource;
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
