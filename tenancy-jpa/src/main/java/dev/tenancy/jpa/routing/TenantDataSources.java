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

	/**
	 * Makes the tenant's database exist, if its server is one whose tenant databases the library creates
	 * ({@code tenancy.placement.servers.<name>.create-databases}): a missing one is created, owned by the server's
	 * owner role, connectable by the runtime role alone, and marked as the tenant's, so that only it is ever
	 * dropped for the tenant. An existing database is left as it is, unless it is marked as another tenant's.
	 * Called by the tenant lifecycle before a tenant is onboarded or moved there. By default, nothing is created.
	 * @param tenant a tenant with {@code DATABASE} placement
	 * @return whether the database was created now
	 * @throws IllegalStateException if the database exists and was created for another tenant, or cannot be
	 * created (for example, the owner role lacks {@code CREATEDB})
	 */
	default boolean createDatabase(Tenant tenant) {
		return false;
	}

	/**
	 * Drops the tenant's database if it was created for the tenant by {@link #createDatabase(Tenant)}, closing
	 * this instance's pool of it first; any other database is kept. Called by the tenant lifecycle when the
	 * tenant is purged. By default, nothing is dropped.
	 * @param tenant a tenant with {@code DATABASE} placement
	 * @return what happened to the database
	 * @throws IllegalStateException if the database cannot be dropped, for example because other sessions are
	 * connected to it that the owner role may not end
	 */
	default DatabaseDrop dropDatabase(Tenant tenant) {
		return DatabaseDrop.KEPT;
	}

	/**
	 * What {@link #dropDatabase(Tenant)} did with a tenant's database.
	 */
	enum DatabaseDrop {

		/** It was created for the tenant, and is dropped now. */
		DROPPED,

		/** It is on a server whose tenant databases the library creates, and it does not exist (any more). */
		ABSENT,

		/** It is kept: it was not created for the tenant, or its server's databases are not the library's. */
		KEPT

	}

}
