package dev.tenancy.core.web;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.resolve.TenantRejectedException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The last step before {@link TenantFilter} binds a request's tenant: the tenant is resolved, known, active and
 * ready, and an admission may still refuse the request, or record it, as platform access does.
 * <p>
 * The filter calls every admission on each dispatch of a request it binds a tenant for (the first, and any
 * asynchronous or error dispatch after it), in order; one that should act once per request keeps a request
 * attribute. An admission that throws {@link TenantRejectedException} refuses the request with that problem; one
 * that throws anything else refuses it with {@code tenant-unavailable} (503). Either way the application never
 * sees the request.
 */
@FunctionalInterface
public interface TenantRequestAdmission {

	/**
	 * A request attribute that a resolver sets when the request may go on only once an admission has acted on it
	 * (platform access, which must be recorded first); the admission that does removes it. The filter refuses a
	 * request that still carries it after every admission was asked, so a missing admission fails closed.
	 */
	String REQUIRED_ATTRIBUTE = TenantRequestAdmission.class.getName() + ".REQUIRED";

	/**
	 * Admits a request to its tenant, or refuses it.
	 * @param request the request
	 * @param tenant its tenant, active and ready
	 * @throws TenantRejectedException to refuse the request with that problem
	 */
	void admit(HttpServletRequest request, Tenant tenant);

}
