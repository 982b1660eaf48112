package dev.tenancy.jpa.migration;

import java.util.Map;
import java.util.Optional;

import dev.tenancy.core.TenantId;

/**
 * Where the {@link TenantMigrator} records each tenant's migration state. The JDBC tenant catalog keeps it in
 * its table ({@code tenancy.tenants}), so every instance sees it; otherwise it lives in memory.
 * <p>
 * Implementations must be thread-safe: the migrator records from several threads at once.
 */
public interface TenantMigrationStateStore {

	/**
	 * Returns the recorded state of one tenant.
	 * @param id the tenant id
	 * @return the state, or empty if none has been recorded
	 */
	Optional<TenantMigrationState> findState(TenantId id);

	/**
	 * Returns every recorded state, in one read.
	 * @return the states by tenant id
	 */
	Map<TenantId, TenantMigrationState> findAllStates();

	/**
	 * Records the state of one tenant, replacing the previous one.
	 * @param id the tenant id
	 * @param state the state
	 */
	void recordState(TenantId id, TenantMigrationState state);

	/**
	 * Records the states of several tenants, replacing the previous ones. Implementations backed by a database
	 * should write them in one batch.
	 * @param states the states by tenant id
	 */
	default void recordStates(Map<TenantId, TenantMigrationState> states) {
		states.forEach(this::recordState);
	}

}
