package dev.tenancy.jpa.catalog;

import java.time.Instant;

import dev.tenancy.core.Tenant;
import dev.tenancy.jpa.migration.TenantMigrationState;
import org.jspecify.annotations.Nullable;

/**
 * Everything the JDBC catalog records about a tenant, for administration screens.
 *
 * @param tenant the tenant
 * @param plan the commercial plan or tier, or {@code null}
 * @param createdAt when the tenant was registered
 * @param updatedAt when its entry last changed
 * @param migration its recorded migration state, or {@code null} if none
 */
public record TenantCatalogEntry(Tenant tenant, @Nullable String plan, Instant createdAt, Instant updatedAt,
		@Nullable TenantMigrationState migration) {

}
