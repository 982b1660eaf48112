package dev.tenancy.core.ratelimit;

import java.util.Optional;

import dev.tenancy.core.Tenant;

/**
 * Gives each tenant its request rate limit, for example from the plan the application's own catalog records for
 * it. A bean of this type replaces the limits configured under {@code tenancy.rate-limit}.
 * <p>
 * Asked once for every request a limit applies to, on the request's thread: answer from memory (cache what comes
 * from a database). A tenant whose limit changes gets the new one on its next request, keeping the share of
 * tokens it had left. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantRateLimits {

	/**
	 * Returns a tenant's limit.
	 * @param tenant an active tenant
	 * @return its limit, or empty if its requests are not limited
	 */
	Optional<TenantRateLimit> limitFor(Tenant tenant);

}
