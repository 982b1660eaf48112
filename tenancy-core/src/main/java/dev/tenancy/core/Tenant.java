package dev.tenancy.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A tenant as the catalog knows it.
 * <p>
 * Where the tenant's rows live is its {@link #placement()}: shared tables, its own schema, or its own database
 * on a configured server. Schema and database names default to names derived from the tenant id
 * ({@link StorageNames}); a catalog may record other names, which are validated the same way.
 *
 * @param id the tenant id
 * @param displayName a human-readable name, for logs and admin screens
 * @param status where the tenant is in its life; only {@link TenantStatus#ACTIVE} tenants are served
 * @param placement where the tenant's rows live
 * @param schema for {@link Placement#SCHEMA}, the schema name, or {@code null} for the derived one
 * @param server for {@link Placement#DATABASE}, the name of the configured server holding the database, or
 * {@code null} for {@value StorageNames#PRIMARY_SERVER}, the application's own server
 * @param database for {@link Placement#DATABASE}, the database name, or {@code null} for the derived one
 */
public record Tenant(TenantId id, String displayName, TenantStatus status, Placement placement,
		@Nullable String schema, @Nullable String server, @Nullable String database) {

	public Tenant {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(displayName, "displayName must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(placement, "placement must not be null");
		if (schema != null) {
			StorageNames.requireValidIdentifier(schema, "schema");
		}
		if (database != null) {
			StorageNames.requireValidIdentifier(database, "database");
		}
		if (server != null) {
			StorageNames.requireValidIdentifier(server, "server");
		}
	}

	public Tenant(TenantId id, String displayName, TenantStatus status, Placement placement) {
		this(id, displayName, status, placement, null, null, null);
	}

	/**
	 * Returns an active, shared tenant whose display name is its id.
	 * @param id the tenant id
	 * @return the tenant
	 */
	public static Tenant active(String id) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SHARED);
	}

	/**
	 * Returns the schema of a {@link Placement#SCHEMA} tenant: the recorded one or the derived one.
	 * @return the schema name, a valid PostgreSQL identifier (quote it in SQL)
	 */
	public String schemaName() {
		return (this.schema != null) ? this.schema : StorageNames.derive(this.id);
	}

	/**
	 * Returns the database of a {@link Placement#DATABASE} tenant: the recorded one or the derived one.
	 * @return the database name, a valid PostgreSQL identifier (quote it in SQL)
	 */
	public String databaseName() {
		return (this.database != null) ? this.database : StorageNames.derive(this.id);
	}

	/**
	 * Returns the server of a {@link Placement#DATABASE} tenant.
	 * @return the configured server name, {@value StorageNames#PRIMARY_SERVER} by default
	 */
	public String serverName() {
		return (this.server != null) ? this.server : StorageNames.PRIMARY_SERVER;
	}

	/**
	 * Returns a copy of this tenant with another status.
	 * @param newStatus the status
	 * @return the copy
	 */
	public Tenant withStatus(TenantStatus newStatus) {
		return new Tenant(this.id, this.displayName, newStatus, this.placement, this.schema, this.server,
				this.database);
	}

}
