package dev.tenancy.jpa.migration;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.tenancy.core.TenantId;

/**
 * Keeps migration states in memory, for catalogs that cannot record them (the configuration-properties catalog).
 * States are lost on restart; the next start-up run finds them again with one history query per tenant.
 */
public class InMemoryTenantMigrationStateStore implements TenantMigrationStateStore {

	private final Map<TenantId, TenantMigrationState> states = new ConcurrentHashMap<>();

	@Override
	public Optional<TenantMigrationState> findState(TenantId id) {
		return Optional.ofNullable(this.states.get(id));
	}

	@Override
	public Map<TenantId, TenantMigrationState> findAllStates() {
		return new TreeMap<>(this.states);
	}

	@Override
	public void recordState(TenantId id, TenantMigrationState state) {
		this.states.put(id, state);
	}

}
