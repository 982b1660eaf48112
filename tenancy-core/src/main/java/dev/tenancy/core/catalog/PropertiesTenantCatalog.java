package dev.tenancy.core.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;

/**
 * A fixed catalog, typically built from the {@code tenancy.tenants} configuration properties.
 * <p>
 * Construction fails if a tenant is listed twice, if two {@link Placement#SCHEMA} tenants would use the same
 * schema, or if two {@link Placement#DATABASE} tenants would use the same database on the same server,
 * whether the names are set or derived: tenants sharing storage would share their data, their migration
 * history and, at offboarding, each other's fate. The JDBC catalog holds the same rule as unique constraints.
 */
public final class PropertiesTenantCatalog implements TenantCatalog {

	private final Map<TenantId, Tenant> tenants;

	public PropertiesTenantCatalog(Collection<Tenant> tenants) {
		Map<TenantId, Tenant> byId = new TreeMap<>();
		for (Tenant tenant : tenants) {
			if (byId.put(tenant.id(), tenant) != null) {
				throw new IllegalArgumentException("tenant '" + tenant.id() + "' is listed twice");
			}
		}
		requireStorageOfTheirOwn(byId.values());
		this.tenants = Map.copyOf(byId);
	}

	private static void requireStorageOfTheirOwn(Collection<Tenant> tenants) {
		Map<String, Tenant> bySchema = new HashMap<>();
		Map<List<String>, Tenant> byDatabase = new HashMap<>();
		for (Tenant tenant : tenants) {
			if (tenant.placement() == Placement.SCHEMA) {
				Tenant other = bySchema.putIfAbsent(tenant.schemaName(), tenant);
				if (other != null) {
					Tenant named = (tenant.schema() != null) ? tenant : other;
					throw sharedStorage(other, tenant, "schema '" + tenant.schemaName() + "'",
							"tenancy.tenants." + named.id() + ".schema to a schema");
				}
			}
			else if (tenant.placement() == Placement.DATABASE) {
				Tenant other = byDatabase.putIfAbsent(List.of(tenant.serverName(), tenant.databaseName()), tenant);
				if (other != null) {
					Tenant named = (tenant.database() != null) ? tenant : other;
					throw sharedStorage(other, tenant,
							"database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'",
							"tenancy.tenants." + named.id() + ".database (or its server) to a database");
				}
			}
		}
	}

	private static IllegalArgumentException sharedStorage(Tenant first, Tenant second, String storage,
			String propertyToSet) {
		return new IllegalArgumentException("tenants '" + first.id() + "' and '" + second.id() + "' would share "
				+ storage + ", and with it each other's data; set " + propertyToSet + " no other tenant uses");
	}

	@Override
	public Optional<Tenant> find(TenantId id) {
		return Optional.ofNullable(this.tenants.get(id));
	}

	@Override
	public List<Tenant> findAll() {
		return this.tenants.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
	}

}
