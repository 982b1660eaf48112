package dev.tenancy.core.ratelimit;

import java.time.Duration;

import dev.tenancy.core.Tenant;

/**
 * Takes a token from a tenant's bucket for each request, or says how long the tenant must wait for one. Each
 * tenant has two buckets with the same limit: one for its members' requests, one for the rest.
 * <p>
 * {@link LocalTenantRateLimiter} keeps the buckets in this instance's memory; {@link DistributedTenantRateLimiter}
 * keeps them in a store all instances share, through a Bucket4j {@code ProxyManager}, so that a limit holds across
 * instances. A bean of this type replaces either. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantRateLimiter {

	/**
	 * Takes one token from the bucket of the tenant's traffic of that kind, if it has one left.
	 * @param tenant an active tenant
	 * @param traffic whether the request is verified to come from the tenant's own members; the two kinds get a
	 * bucket each, so that traffic nobody vouches for cannot use up the members' limit
	 * @return whether a token was taken, and if not, how long until one is available
	 */
	Decision tryAcquire(Tenant tenant, Traffic traffic);

	/**
	 * Whose requests a bucket counts.
	 */
	enum Traffic {

		/**
		 * Requests an admission verified to come from the tenant's members, such as a JWT issued for the tenant
		 * ({@link dev.tenancy.core.web.TenantRequestAdmission#verifiedMember}).
		 */
		MEMBERS,

		/**
		 * Every other request into the tenant: anonymous ones, or those of a login no admission checked, which
		 * could come from anyone naming the tenant.
		 */
		OTHERS

	}

	/**
	 * Whether a request may go on.
	 *
	 * @param admitted whether a token was taken
	 * @param retryAfter for a request not admitted, how long until the tenant has a token again; zero otherwise
	 */
	record Decision(boolean admitted, Duration retryAfter) {

		private static final Decision ADMITTED = new Decision(true, Duration.ZERO);

		public Decision {
			if (retryAfter == null || retryAfter.isNegative() || (admitted && !retryAfter.isZero())) {
				throw new IllegalArgumentException("retryAfter must be zero for an admitted request and not "
						+ "negative for another, and is " + retryAfter);
			}
		}

		/**
		 * Returns the decision to admit a request.
		 * @return the decision
		 */
		public static Decision admit() {
			return ADMITTED;
		}

		/**
		 * Returns the decision to refuse a request.
		 * @param retryAfter how long until the tenant has a token again
		 * @return the decision
		 */
		public static Decision refuse(Duration retryAfter) {
			return new Decision(false, retryAfter);
		}

	}

}
