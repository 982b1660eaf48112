package dev.tenancy.core.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;

/**
 * A fixed catalog, typically built from the {@code tenancy.tenants} configuration properties.
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
		this.tenants = Map.copyOf(byId);
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
