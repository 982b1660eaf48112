package dev.tenancy.core.resolve;

import java.util.Optional;

import dev.tenancy.core.TenantId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the tenant a request names in one place: a JWT claim, a header, the host name.
 * <p>
 * Resolvers run in {@link org.springframework.core.Ordered order} inside a {@link TenantResolverChain}; every
 * resolver runs, and if two name different tenants the request is rejected. A resolver returns empty when
 * its source names no tenant, and throws {@link TenantRejectedException} when the source is present but
 * unacceptable (an invalid id, a tenant the principal is not a member of).
 */
@FunctionalInterface
public interface TenantResolver {

	/**
	 * Resolves the tenant the request names.
	 * @param request the request, already authenticated
	 * @return the tenant, or empty if this resolver's source names none
	 * @throws TenantRejectedException if the source names a tenant that must not be used
	 */
	Optional<TenantId> resolve(HttpServletRequest request);

}
