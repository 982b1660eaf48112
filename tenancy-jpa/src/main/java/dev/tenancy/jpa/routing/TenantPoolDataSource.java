package dev.tenancy.jpa.routing;

import java.sql.Connection;

import dev.tenancy.core.Tenant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The runtime DataSource of one {@code DATABASE} tenant. Each connection comes from the tenant's current pool,
 * created on first use, so a caller that keeps this DataSource never meets a pool closed after eviction.
 * <p>
 * Two instances are equal when they draw from the same tenant pool (same tenant, server and database), so a
 * caller may key what it learns about a pool by the DataSource it is handed on each call.
 */
final class TenantPoolDataSource extends AbstractDataSource {

	private final PooledTenantDataSources pools;

	private final TenantPool.Key key;

	private final DatabaseServer server;

	TenantPoolDataSource(PooledTenantDataSources pools, Tenant tenant, DatabaseServer server) {
		this.pools = pools;
		this.key = new TenantPool.Key(tenant.id(), server.getName(), tenant.databaseName());
		this.server = server;
	}

	/**
	 * Returns a connection to the tenant's database as the runtime role.
	 * @return the connection, which the caller must close
	 * @throws dev.tenancy.core.TenantUnavailableException if none came within the connection timeout
	 */
	@Override
	public Connection getConnection() {
		return this.pools.connection(this.key, this.server);
	}

	@Override
	public Connection getConnection(String username, String password) {
		throw new UnsupportedOperationException("Tenant pools connect as the runtime role configured for server '"
				+ this.server.getName() + "'; they take no other login");
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof TenantPoolDataSource that) && this.pools == that.pools && this.key.equals(that.key);
	}

	@Override
	public int hashCode() {
		return this.key.hashCode();
	}

	@Override
	public String toString() {
		return "TenantPoolDataSource[tenant=" + this.key.tenant() + ", server=" + this.key.server() + ", database="
				+ this.key.database() + "]";
	}

}
