package dev.tenancy.core.catalog;

import java.util.List;
import java.util.Optional;

import dev.tenancy.core.Tenant;

/**
 * Says whether an active tenant can be served right now, for example whether its schema is at the version
 * the application expects. The tenant filter consults every bean of this type after the catalog lookup and
 * refuses a tenant that is not ready with {@code tenant-unavailable} (503).
 */
@FunctionalInterface
public interface TenantReadiness {

	/**
	 * Checks one tenant.
	 * @param tenant an active tenant
	 * @return why the tenant cannot be served, or empty if it can
	 */
	Optional<String> notReadyReason(Tenant tenant);

	/**
	 * Asks each check in turn, as the tenant filter and {@code TenantJobRunner} do.
	 * @param checks the checks
	 * @param tenant an active tenant
	 * @return the first reason a check gives why the tenant cannot be served, or empty if every check passes
	 */
	static Optional<String> firstReason(List<? extends TenantReadiness> checks, Tenant tenant) {
		for (TenantReadiness check : checks) {
			Optional<String> reason = check.notReadyReason(tenant);
			if (reason.isPresent()) {
				return reason;
			}
		}
		return Optional.empty();
	}

}
