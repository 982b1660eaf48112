package dev.tenancy.core.resolve;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * Thrown when a request cannot be served for a tenant reason; the servlet filter answers it with a
 * problem+json response of the reason's status, and with the {@linkplain #getHeaders() headers} added to it.
 */
public class TenantRejectedException extends RuntimeException {

	private final Reason reason;

	private final @Nullable String tenant;

	private final HttpHeaders headers = new HttpHeaders();

	public TenantRejectedException(Reason reason, String detail) {
		this(reason, detail, null);
	}

	public TenantRejectedException(Reason reason, String detail, @Nullable String tenant) {
		super(detail);
		this.reason = reason;
		this.tenant = tenant;
	}

	/**
	 * Returns why the request was rejected.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Returns the tenant the request named, when it is a valid id.
	 * @return the tenant id, or {@code null}
	 */
	public @Nullable String getTenant() {
		return this.tenant;
	}

	/**
	 * Returns the headers the problem response carries besides its own, such as {@code Retry-After}; add to them
	 * before the exception is thrown.
	 * @return the headers, empty unless added to
	 */
	public HttpHeaders getHeaders() {
		return this.headers;
	}

	/**
	 * Why a request was rejected; each has its own problem type and HTTP status.
	 */
	public enum Reason {

		/** The request needs a tenant and names none. */
		TENANT_REQUIRED(400, "tenant-required", "Tenant required"),

		/** The principal belongs to several tenants and did not choose one. */
		TENANT_SELECTION_REQUIRED(400, "tenant-selection-required", "Tenant selection required"),

		/** The request names a tenant with text that is not a valid tenant id. */
		INVALID_TENANT_ID(400, "invalid-tenant-id", "Invalid tenant id"),

		/** A platform administrator selects a tenant without saying why. */
		ACCESS_REASON_REQUIRED(400, "access-reason-required", "Access reason required"),

		/** Two sources of the request name different tenants. */
		TENANT_CONFLICT(403, "tenant-conflict", "Conflicting tenants"),

		/** The principal is not a member of the tenant the request names. */
		TENANT_ACCESS_DENIED(403, "tenant-access-denied", "Tenant access denied"),

		/** The catalog does not know the tenant. */
		UNKNOWN_TENANT(403, "unknown-tenant", "Unknown tenant"),

		/** The tenant exists but is not active. */
		TENANT_NOT_ACTIVE(423, "tenant-not-active", "Tenant not active"),

		/** The tenant sent more requests than its rate limit allows; the response says when to retry. */
		TENANT_RATE_LIMITED(429, "tenant-rate-limited", "Tenant rate limit exceeded"),

		/** The tenant is active but cannot be served right now; other tenants are unaffected. */
		TENANT_UNAVAILABLE(503, "tenant-unavailable", "Tenant unavailable");

		private final int status;

		private final String slug;

		private final String title;

		Reason(int status, String slug, String title) {
			this.status = status;
			this.slug = slug;
			this.title = title;
		}

		/**
		 * Returns the HTTP status of the response.
		 * @return the status code
		 */
		public int status() {
			return this.status;
		}

		/**
		 * Returns the last segment of the problem type URI.
		 * @return the slug, for example {@code unknown-tenant}
		 */
		public String slug() {
			return this.slug;
		}

		/**
		 * Returns the problem title.
		 * @return the title
		 */
		public String title() {
			return this.title;
		}

	}

}
