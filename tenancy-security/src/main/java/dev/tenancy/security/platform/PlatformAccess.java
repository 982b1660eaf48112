package dev.tenancy.security.platform;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.ratelimit.TenantRateLimitAdmission;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.web.TenantRequestAdmission;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.util.Assert;

/**
 * Who counts as a platform administrator, and what a platform administrator must send to work in a tenant they
 * are no member of: the tenant in the selection header, and why in a reason header.
 * <p>
 * {@code JwtTenantResolver} asks {@link #isAdministrator} when a token selects a tenant it is not issued for,
 * and then {@link #open} instead of refusing the request. {@code open} only notes the access on the request;
 * {@link PlatformAccessAdmission} records it once the tenant filter has found the tenant active, and the request
 * reaches the application only after that. Without the admission registered with the tenant filter, the filter
 * refuses such requests ({@link TenantRequestAdmission#require}): use the two together, as the
 * auto-configuration does.
 * <p>
 * Writes are refused unless allowed: support mostly reads, and a read is harmless to the tenant. Such requests are
 * refused by HTTP method first, and the rest are let in read-only ({@link TenantRequestAdmission#readOnly}): with
 * tenancy-jpa their transactions are read-only in PostgreSQL, so a {@code GET} handler that writes cannot write
 * either. Thread-safe.
 */
public final class PlatformAccess {

	/** The longest reason accepted, as the audit trail keeps it. */
	public static final int MAXIMUM_REASON_LENGTH = 2000;

	/** The longest actor accepted, as the audit trail keeps it. */
	static final int MAXIMUM_ACTOR_LENGTH = 200;

	static final String REQUEST_ATTRIBUTE = PlatformAccess.class.getName() + ".REQUEST";

	private static final Set<String> READING_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private final String authority;

	private final String reasonHeader;

	private final boolean allowWrites;

	/**
	 * Creates the policy.
	 * @param authority the authority that makes a principal a platform administrator, for example
	 * {@code SCOPE_tenancy.admin} for a token with scope {@code tenancy.admin}
	 * @param reasonHeader the request header that says why the administrator works in the tenant
	 * @param allowWrites whether administrators may write: send requests other than {@code GET}, {@code HEAD} and
	 * {@code OPTIONS}, and run transactions that are not read-only
	 */
	public PlatformAccess(String authority, String reasonHeader, boolean allowWrites) {
		Assert.hasText(authority, "authority must not be empty");
		Assert.hasText(reasonHeader, "reasonHeader must not be empty");
		this.authority = authority;
		this.reasonHeader = reasonHeader;
		this.allowWrites = allowWrites;
	}

	/**
	 * Returns the authority that makes a principal a platform administrator.
	 * @return the authority
	 */
	public String getAuthority() {
		return this.authority;
	}

	/**
	 * Whether an authentication is a platform administrator's: it holds the authority.
	 * @param authentication an authenticated principal
	 * @return whether it is a platform administrator
	 */
	public boolean isAdministrator(Authentication authentication) {
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (this.authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks a platform administrator's request into a tenant and notes it on the request, to be recorded before
	 * it is served; the request is {@linkplain TenantRateLimitAdmission#exempt exempt} from the tenant's rate
	 * limit.
	 * @param request the request
	 * @param authentication the administrator's authentication ({@link #isAdministrator} holds)
	 * @param jwt the administrator's token
	 * @param tenant the tenant the request selects
	 * @throws TenantRejectedException {@code access-reason-required} (400) if the reason header is missing,
	 * blank, repeated, too long or holds control characters; {@code tenant-access-denied} (403) for a write when
	 * writes are not allowed, or for an authentication whose name cannot be recorded
	 */
	public void open(HttpServletRequest request, Authentication authentication, Jwt jwt, TenantId tenant) {
		String reason = reason(request, tenant);
		if (!this.allowWrites && !READING_METHODS.contains(request.getMethod())) {
			throw new TenantRejectedException(Reason.TENANT_ACCESS_DENIED, "Platform administrators may only read "
					+ "in tenant '" + tenant + "' (GET, HEAD, OPTIONS), and this request is a " + request.getMethod()
					+ ". Use a token issued for the tenant, or allow platform administrators to write with "
					+ "tenancy.security.platform.allow-writes.", tenant.value());
		}
		String actor = actor(authentication, tenant);
		request.setAttribute(REQUEST_ATTRIBUTE,
				new PlatformAccessRequest(tenant, actor, reason, detail(request, jwt), !this.allowWrites));
		TenantRequestAdmission.require(request, PlatformAccessAdmission.NAME);
		// support working in a tenant neither uses up the tenant's request rate limit nor is refused by it
		TenantRateLimitAdmission.exempt(request);
	}

	/**
	 * Whether {@link #open} let the request into the tenant.
	 * @param request the request
	 * @param tenant the tenant
	 * @return whether a platform access to the tenant is noted on the request
	 */
	public static boolean isOpened(ServletRequest request, TenantId tenant) {
		return request.getAttribute(REQUEST_ATTRIBUTE) instanceof PlatformAccessRequest access
				&& access.tenant().equals(tenant);
	}

	/** Who asks goes into the audit trail, so a token that does not say cannot be let in. */
	private static String actor(Authentication authentication, TenantId tenant) {
		String name = authentication.getName();
		if (name == null || name.isBlank() || name.length() > MAXIMUM_ACTOR_LENGTH
				|| name.chars().anyMatch(Character::isISOControl)) {
			throw new TenantRejectedException(Reason.TENANT_ACCESS_DENIED, "A platform administrator's request into "
					+ "tenant '" + tenant + "' is recorded with who sent it, and this access token names nobody "
					+ "that can be recorded (its subject is missing, longer than " + MAXIMUM_ACTOR_LENGTH
					+ " characters or holds control characters). Use a token whose subject names you.",
					tenant.value());
		}
		return name;
	}

	private String reason(HttpServletRequest request, TenantId tenant) {
		List<String> values = Collections.list(request.getHeaders(this.reasonHeader));
		String problem = null;
		if (values.isEmpty() || values.get(0).isBlank()) {
			problem = "does not say why";
		}
		else if (values.size() > 1) {
			problem = "sends header '" + this.reasonHeader + "' more than once";
		}
		else if (values.get(0).strip().length() > MAXIMUM_REASON_LENGTH) {
			problem = "gives a reason longer than " + MAXIMUM_REASON_LENGTH + " characters";
		}
		else if (values.get(0).chars().anyMatch(Character::isISOControl)) {
			problem = "gives a reason with control characters";
		}
		if (problem != null) {
			throw new TenantRejectedException(Reason.ACCESS_REASON_REQUIRED, "A platform administrator's request "
					+ "into tenant '" + tenant + "' is recorded with its reason, and this one " + problem
					+ ". Say why in one header '" + this.reasonHeader + "', for example '" + this.reasonHeader
					+ ": ticket 4711'.", tenant.value());
		}
		return values.get(0).strip();
	}

	private static String detail(HttpServletRequest request, Jwt jwt) {
		StringBuilder detail = new StringBuilder(request.getMethod()).append(' ').append(request.getRequestURI());
		String issuer = jwt.getClaimAsString(JwtClaimNames.ISS);
		if (issuer != null) {
			detail.append("; issuer ").append(issuer);
		}
		if (jwt.getId() != null) {
			detail.append("; token ").append(jwt.getId());
		}
		return detail.toString();
	}

}
