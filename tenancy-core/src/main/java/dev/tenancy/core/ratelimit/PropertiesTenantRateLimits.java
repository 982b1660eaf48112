package dev.tenancy.core.ratelimit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;

/**
 * Limits from configuration: one default limit, and limits of their own for some tenants. Immutable and
 * thread-safe.
 */
public final class PropertiesTenantRateLimits implements TenantRateLimits {

	private final Optional<TenantRateLimit> defaultLimit;

	private final Map<TenantId, Optional<TenantRateLimit>> tenantLimits;

	/**
	 * Creates the limits.
	 * @param defaultLimit the limit of every tenant not listed
	 * @param tenantLimits the limits of tenants that have their own
	 */
	public PropertiesTenantRateLimits(TenantRateLimit defaultLimit, Map<TenantId, TenantRateLimit> tenantLimits) {
		this.defaultLimit = Optional.of(defaultLimit);
		Map<TenantId, Optional<TenantRateLimit>> limits = new HashMap<>();
		tenantLimits.forEach((tenant, limit) -> limits.put(tenant, Optional.of(limit)));
		this.tenantLimits = Map.copyOf(limits);
	}

	@Override
	public Optional<TenantRateLimit> limitFor(Tenant tenant) {
		return this.tenantLimits.getOrDefault(tenant.id(), this.defaultLimit);
	}

}
