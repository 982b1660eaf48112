package dev.tenancy.core.web;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.resolve.TenantRejectedException;
import jakarta.servlet.ServletRequest;
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

	/** The request attribute that {@link #readOnly} sets. */
	String READ_ONLY_ATTRIBUTE = TenantRequestAdmission.class.getName() + ".READ_ONLY";

	/** The request attribute that {@link #verifiedMember} sets. */
	String VERIFIED_MEMBER_ATTRIBUTE = TenantRequestAdmission.class.getName() + ".VERIFIED_MEMBER";

	/**
	 * Marks a request as one that may go on only once the named admission has acted on it (platform access,
	 * which must be recorded first). The filter refuses a request with any such mark left after every admission
	 * was asked, so a missing admission fails closed.
	 * @param request the request
	 * @param admission the name of the admission, for example its class name
	 */
	static void require(ServletRequest request, String admission) {
		pending(request, true).add(admission);
	}

	/**
	 * Admits a request to read its tenant's data only. The filter binds the tenant read-only
	 * ({@link dev.tenancy.core.context.TenantContext#isReadOnly()}), so that with tenancy-jpa every transaction the
	 * request runs through the tenant-aware {@code DataSource} is read-only and PostgreSQL refuses its writes.
	 * There is no admission that takes it back: once any admission asks for it, the filter binds the request
	 * read-only on this and every later dispatch.
	 * @param request the request
	 */
	static void readOnly(ServletRequest request) {
		request.setAttribute(READ_ONLY_ATTRIBUTE, Boolean.TRUE);
	}

	/**
	 * Returns whether an admission let a request read its tenant's data only.
	 * @param request the request
	 * @return whether {@link #readOnly} was called for it
	 */
	static boolean isReadOnly(ServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(READ_ONLY_ATTRIBUTE));
	}

	/**
	 * Records that an admission verified the request to come from a member of its tenant: its JWT is issued for the
	 * tenant, say. Rate limits count such requests apart from those nobody vouches for.
	 * @param request the request
	 */
	static void verifiedMember(ServletRequest request) {
		request.setAttribute(VERIFIED_MEMBER_ATTRIBUTE, Boolean.TRUE);
	}

	/**
	 * Returns whether an admission verified the request to come from a member of its tenant.
	 * @param request the request
	 * @return whether {@link #verifiedMember} was called for it
	 */
	static boolean isVerifiedMember(ServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(VERIFIED_MEMBER_ATTRIBUTE));
	}

	/**
	 * Removes an admission's mark from a request, once that admission has acted on it.
	 * @param request the request
	 * @param admission the name the mark was set with
	 */
	static void fulfil(ServletRequest request, String admission) {
		pending(request, false).remove(admission);
	}

	/**
	 * Returns the admissions a request still waits for.
	 * @param request the request
	 * @return their names, empty if none
	 */
	static Set<String> pending(ServletRequest request) {
		return Set.copyOf(pending(request, false));
	}

	@SuppressWarnings("unchecked")
	private static Set<String> pending(ServletRequest request, boolean create) {
		Object marks = request.getAttribute(TenantRequestAdmission.class.getName() + ".PENDING");
		if (marks instanceof Set<?> set) {
			return (Set<String>) set;
		}
		Set<String> created = new LinkedHashSet<>();
		if (create) {
			request.setAttribute(TenantRequestAdmission.class.getName() + ".PENDING", created);
		}
		return created;
	}

	/**
	 * Admits a request to its tenant, or refuses it.
	 * @param request the request
	 * @param tenant its tenant, active and ready
	 * @throws TenantRejectedException to refuse the request with that problem
	 */
	void admit(HttpServletRequest request, Tenant tenant);

}
