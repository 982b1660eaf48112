package dev.tenancy.jpa.routing;

import javax.sql.DataSource;

import dev.tenancy.core.Tenant;

/**
 * The databases of {@link dev.tenancy.core.Placement#DATABASE DATABASE} tenants, on the servers configured
 * under {@code tenancy.placement.servers}.
 * <p>
 * Implementations must be thread-safe, never fall back to another tenant's or the shared database, and fail
 * fast for an unreachable server with a {@link dev.tenancy.core.TenantUnavailableException}.
 */
public interface TenantDataSources {

	/**
	 * Returns the pooled DataSource of the tenant's database, connected as the runtime role, created on first
	 * use. The caller must not close it. Return the same DataSource, or an equal one, each time for the same
	 * database: in {@code SESSION} mode it is the key under which the database's default {@code search_path} is
	 * remembered, and a DataSource equal to none before costs that lookup (one query) on every checkout.
	 * @param tenant a tenant with {@code DATABASE} placement
	 * @return the data source
	 */
	DataSource runtimeDataSource(Tenant tenant);

	/**
	 * Returns an unpooled DataSource of the tenant's database connected as the owner role, for migrations.
	 * @param tenant a tenant with {@code DATABASE} placement
	 * @return the data source
	 */
	DataSource ownerDataSource(Tenant tenant);

}
