package dev.tenancy.core.ratelimit;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Traffic;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.web.TenantRequestAdmission;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

/**
 * Takes one token from the tenant's bucket for each request the tenant filter lets into a tenant, and refuses the
 * request with {@code tenant-rate-limited} (429) and a {@code Retry-After} header when there is none left.
 * <p>
 * A request takes one token however many times it is dispatched: its asynchronous and error dispatches take none.
 * Requests the filter refuses earlier (no tenant, an unknown or inactive one, a token not issued for the tenant)
 * never get here, so they cannot use up a tenant's limit; nor do requests marked {@linkplain #exempt exempt}, such
 * as platform administrators'. Requests an earlier admission verified as the tenant's members'
 * ({@link TenantRequestAdmission#verifiedMember}) take from one bucket, all others (anonymous requests, or a login
 * no admission checks, naming the tenant by host or header) from another: traffic anyone can send fills only its
 * own bucket. Thread-safe.
 */
public final class TenantRateLimitAdmission implements TenantRequestAdmission, Ordered {

	/**
	 * Its order among the tenant filter's admissions: after the token's membership is checked (order 0), so that
	 * only the tenant's own requests count, and before platform access is recorded (100).
	 */
	public static final int ORDER = 50;

	static final String COUNTED_ATTRIBUTE = TenantRateLimitAdmission.class.getName() + ".COUNTED";

	private static final String EXEMPT_ATTRIBUTE = TenantRateLimitAdmission.class.getName() + ".EXEMPT";

	private static final Logger logger = LoggerFactory.getLogger(TenantRateLimitAdmission.class);

	private final TenantRateLimiter limiter;

	/**
	 * Creates the admission.
	 * @param limiter the limiter that holds the tenants' buckets
	 */
	public TenantRateLimitAdmission(TenantRateLimiter limiter) {
		this.limiter = limiter;
	}

	/**
	 * Marks a request as one that takes no token from its tenant's bucket. For server-side code that lets a request
	 * into a tenant on other grounds than the tenant's own traffic, before the tenant filter's admissions run.
	 * @param request the request
	 */
	public static void exempt(ServletRequest request) {
		request.setAttribute(EXEMPT_ATTRIBUTE, Boolean.TRUE);
	}

	/**
	 * Whether a request is marked {@linkplain #exempt exempt}.
	 * @param request the request
	 * @return whether it takes no token
	 */
	public static boolean isExempt(ServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(EXEMPT_ATTRIBUTE));
	}

	@Override
	public void admit(HttpServletRequest request, Tenant tenant) {
		// a later dispatch of a request already admitted to this tenant takes no second token
		if (tenant.id().equals(request.getAttribute(COUNTED_ATTRIBUTE)) || isExempt(request)) {
			return;
		}
		Decision decision = this.limiter.tryAcquire(tenant,
				TenantRequestAdmission.isVerifiedMember(request) ? Traffic.MEMBERS : Traffic.OTHERS);
		if (decision.admitted()) {
			request.setAttribute(COUNTED_ATTRIBUTE, tenant.id());
			return;
		}
		long seconds = retryAfterSeconds(decision);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused request {} {} to tenant '{}': over its rate limit, retry after {}s",
					request.getMethod(), request.getRequestURI(), tenant.id(), seconds);
		}
		throw refused(tenant.id(), seconds);
	}

	/** Whole seconds, as {@code Retry-After} takes them, rounded up: a client that waits that long finds a token. */
	private static long retryAfterSeconds(Decision decision) {
		long nanos = decision.retryAfter().toNanos();
		return Math.max(1, nanos / 1_000_000_000L + ((nanos % 1_000_000_000L != 0) ? 1 : 0));
	}

	private static TenantRejectedException refused(TenantId tenant, long seconds) {
		TenantRejectedException ex = new TenantRejectedException(Reason.TENANT_RATE_LIMITED, "Tenant '" + tenant
				+ "' has sent more requests than its rate limit allows. Retry after " + seconds
				+ ((seconds == 1) ? " second." : " seconds."), tenant.value());
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return ex;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
