package dev.tenancy.jpa.routing;

import java.sql.Connection;

import dev.tenancy.core.Tenant;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The runtime DataSource of one {@code DATABASE} tenant. Each connection comes from the tenant's current pool,
 * created on first use, so a caller that keeps this DataSource never meets a pool closed after eviction.
 */
final class TenantPoolDataSource extends AbstractDataSource {

	private final PooledTenantDataSources pools;

	private final Tenant tenant;

	private final DatabaseServer server;

	TenantPoolDataSource(PooledTenantDataSources pools, Tenant tenant, DatabaseServer server) {
		this.pools = pools;
		this.tenant = tenant;
		this.server = server;
	}

	/**
	 * Returns a connection to the tenant's database as the runtime role.
	 * @return the connection, which the caller must close
	 * @throws dev.tenancy.core.TenantUnavailableException if none came within the connection timeout
	 */
	@Override
	public Connection getConnection() {
		return this.pools.connection(this.tenant, this.server);
	}

	@Override
	public Connection getConnection(String username, String password) {
		throw new UnsupportedOperationException("Tenant pools connect as the runtime role configured for server '"
				+ this.server.getName() + "'; they take no other login");
	}

	@Override
	public String toString() {
		return "TenantPoolDataSource[tenant=" + this.tenant.id() + ", server=" + this.server.getName() + ", database="
				+ this.tenant.databaseName() + "]";
	}

}
