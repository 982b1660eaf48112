package dev.tenancy.security;

import java.util.Optional;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.resolve.TenantIds;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.resolve.TenantResolver;
import dev.tenancy.core.web.TenantRequestAdmission;
import dev.tenancy.security.issuer.TenantIssuers;
import dev.tenancy.security.issuer.TrustedIssuer;
import dev.tenancy.security.platform.PlatformAccess;
import dev.tenancy.security.platform.PlatformAccessAdmission;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.util.Assert;

/**
 * Resolves the tenant from the claims of the authenticated JWT, letting a principal that belongs to several
 * tenants choose one with a selection header.
 * <p>
 * The tenants a token is issued for are its tenant claim ({@code tenant_id} by default) together with its
 * tenants claim ({@code tenants}, an array of tenant ids). A selection header ({@code X-Tenant-ID}) naming one
 * of them resolves that tenant; naming any other tenant is rejected with {@code tenant-access-denied} (403),
 * also when the token names no tenant at all. Without the header, a token for one tenant resolves it, a token
 * for several is rejected with {@code tenant-selection-required} (400), and a token for none names no tenant.
 * Claims and the header are validated as tenant ids; anything else is {@code invalid-tenant-id} (400).
 * <p>
 * Only authenticated {@link Authentication}s whose principal or credentials is a {@link Jwt} are read, such as
 * the resource server's {@code JwtAuthenticationToken}. Any other authentication, or none, names no tenant
 * here, and its selection header is left to the other resolvers. With a {@link PlatformAccess} policy, a
 * platform administrator's token may select a tenant it is not issued for, giving a reason. With
 * {@link TenantIssuers}, each token is limited to the tenants its issuer is trusted for.
 * <p>
 * As a {@link TenantRequestAdmission} of the tenant filter, it also refuses a JWT-authenticated request that
 * another resolver (host, header) put into a tenant the token is not issued for. This resolver never verifies
 * tokens: Spring Security has done that before it runs. Instances are thread-safe.
 */
public class JwtTenantResolver implements TenantResolver, TenantRequestAdmission, Ordered {

	/** The order of this resolver in the chain: first, before headers and hosts. */
	public static final int ORDER = 0;

	/** The name under which a JWT-authenticated request waits for this resolver's admission. */
	static final String ADMISSION = JwtTenantResolver.class.getName();

	private static final String MEMBERSHIP_ATTRIBUTE = JwtTenantResolver.class.getName() + ".MEMBERSHIP";

	private final String tenantClaim;

	private final String tenantsClaim;

	private final String selectionHeader;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private @Nullable PlatformAccess platformAccess;

	private @Nullable TenantIssuers issuers;

	/**
	 * Creates a resolver reading claims {@code tenant_id} and {@code tenants} and header {@code X-Tenant-ID}.
	 */
	public JwtTenantResolver() {
		this("tenant_id", "tenants", "X-Tenant-ID");
	}

	/**
	 * Creates a resolver.
	 * @param tenantClaim the claim that holds the one tenant a token is issued for
	 * @param tenantsClaim the claim that holds an array of the tenants a token is issued for
	 * @param selectionHeader the request header that selects one of the token's tenants
	 */
	public JwtTenantResolver(String tenantClaim, String tenantsClaim, String selectionHeader) {
		Assert.hasText(tenantClaim, "tenantClaim must not be empty");
		Assert.hasText(tenantsClaim, "tenantsClaim must not be empty");
		Assert.hasText(selectionHeader, "selectionHeader must not be empty");
		this.tenantClaim = tenantClaim;
		this.tenantsClaim = tenantsClaim;
		this.selectionHeader = selectionHeader;
	}

	/**
	 * Sets where the current {@link Authentication} is read from. Defaults to
	 * {@link SecurityContextHolder#getContextHolderStrategy()}.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy must not be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Lets platform administrators select tenants their tokens are not issued for, under the policy's conditions.
	 * Without it, no token reaches a tenant it is not issued for. The policy's {@link PlatformAccessAdmission}
	 * must be one of the tenant filter's admissions, which records each such request; without it, the filter
	 * refuses them.
	 * @param platformAccess the policy
	 */
	public void setPlatformAccess(PlatformAccess platformAccess) {
		Assert.notNull(platformAccess, "platformAccess must not be null");
		this.platformAccess = platformAccess;
	}

	/**
	 * Limits each token to the tenants its issuer is trusted for. A token of a tenant's own identity provider
	 * that names no tenant is issued for the issuer's tenants; one that names a tenant the issuer is not trusted
	 * for is denied, and so is a token of an issuer not trusted at all. Only a token of an issuer trusted for
	 * every tenant can be a platform administrator's.
	 * @param issuers the trusted issuers
	 */
	public void setIssuers(TenantIssuers issuers) {
		Assert.notNull(issuers, "issuers must not be null");
		this.issuers = issuers;
	}

	@Override
	public Optional<TenantId> resolve(HttpServletRequest request) {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		Jwt jwt = jwtOf(authentication);
		if (authentication == null || jwt == null) {
			return Optional.empty();
		}
		// whatever resolver names the tenant, admit() must see it: a filter without this admission refuses
		TenantRequestAdmission.require(request, ADMISSION);
		TrustedIssuer issuer = (this.issuers != null) ? trustedIssuer(jwt, this.issuers) : null;
		TenantMembership membership = membership(jwt, issuer);
		// kept for admit(), which runs on the same dispatch and would otherwise read the claims again
		request.setAttribute(MEMBERSHIP_ATTRIBUTE, new TokenMembership(jwt, membership));
		TenantId selected = selection(request);
		if (selected != null) {
			if (membership.contains(selected)) {
				return Optional.of(selected);
			}
			if (this.platformAccess != null && (issuer == null || !issuer.isTenantIssuer())
					&& this.platformAccess.isAdministrator(authentication)) {
				this.platformAccess.open(request, authentication, jwt, selected);
				return Optional.of(selected);
			}
			throw accessDenied(selected, membership);
		}
		if (membership.isEmpty()) {
			return Optional.empty();
		}
		if (membership.size() > 1) {
			throw new TenantRejectedException(Reason.TENANT_SELECTION_REQUIRED,
					"The access token is issued for several tenants (" + membership.describe()
							+ "); choose one with the '" + this.selectionHeader + "' request header, for example '"
							+ this.selectionHeader + ": " + membership.first() + "'.");
		}
		return Optional.of(membership.first());
	}

	/**
	 * Lets a request authenticated with a JWT into its tenant only if the token is issued for it, or a platform
	 * administrator's access to it was opened: a tenant that another resolver took from a host or a header is
	 * not enough. Requests authenticated otherwise, or not at all, are left to the application.
	 * @param request the request
	 * @param tenant the tenant it was resolved to
	 * @throws TenantRejectedException {@code tenant-access-denied} if the token is not issued for the tenant
	 */
	@Override
	public void admit(HttpServletRequest request, Tenant tenant) {
		Jwt jwt = jwtOf(this.securityContextHolderStrategy.getContext().getAuthentication());
		if (jwt == null) {
			return;
		}
		if (PlatformAccess.isOpened(request, tenant.id())) {
			TenantRequestAdmission.fulfil(request, ADMISSION);
			return;
		}
		TenantMembership membership = (request.getAttribute(MEMBERSHIP_ATTRIBUTE) instanceof TokenMembership kept
				&& kept.jwt() == jwt) ? kept.membership()
						: membership(jwt, (this.issuers != null) ? trustedIssuer(jwt, this.issuers) : null);
		if (!membership.contains(tenant.id())) {
			throw new TenantRejectedException(Reason.TENANT_ACCESS_DENIED, "The access token is not issued for "
					+ "tenant '" + tenant.id() + "' (it is for " + (membership.isEmpty() ? "no tenant"
							: membership.describe())
					+ "), which this request names in another way, such as its host. Use a token issued for '"
					+ tenant.id() + "'.", tenant.id().value());
		}
		TenantRequestAdmission.verifiedMember(request);
		TenantRequestAdmission.fulfil(request, ADMISSION);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** The tenants a token is issued for: those it names, within those its issuer may issue tokens for. */
	private TenantMembership membership(Jwt jwt, @Nullable TrustedIssuer issuer) {
		TenantMembership membership = TenantMembership.of(jwt, this.tenantClaim, this.tenantsClaim);
		return (issuer != null && issuer.isTenantIssuer()) ? withinIssuer(membership, issuer) : membership;
	}

	private static @Nullable Jwt jwtOf(@Nullable Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		if (authentication.getPrincipal() instanceof Jwt jwt) {
			return jwt;
		}
		if (authentication.getCredentials() instanceof Jwt jwt) {
			return jwt;
		}
		return null;
	}

	private static TrustedIssuer trustedIssuer(Jwt jwt, TenantIssuers issuers) {
		String issuer = jwt.getClaimAsString(JwtClaimNames.ISS);
		return ((issuer != null) ? issuers.find(issuer) : Optional.<TrustedIssuer>empty())
			.orElseThrow(() -> new TenantRejectedException(Reason.TENANT_ACCESS_DENIED, "The access token's issuer"
					+ ((issuer != null) ? " '" + issuer + "'" : ", which it does not name,")
					+ " is not trusted for any tenant. Use a token of an issuer in tenancy.security.issuers."));
	}

	/** A tenant's own identity provider speaks for its tenants only; its tokens need not name them. */
	private static TenantMembership withinIssuer(TenantMembership membership, TrustedIssuer issuer) {
		if (membership.isEmpty()) {
			return TenantMembership.of(issuer.tenants());
		}
		Optional<TenantId> foreign = membership.firstNotAllowed(issuer::trusts);
		if (foreign.isPresent()) {
			throw new TenantRejectedException(Reason.TENANT_ACCESS_DENIED, "The access token's issuer '"
					+ issuer.issuer() + "' issues tokens for " + TenantMembership.of(issuer.tenants()).describe()
					+ " only, and this token names tenant '" + foreign.get() + "'. Use a token of tenant '"
					+ foreign.get() + "' from its own issuer, or from the platform's.", foreign.get().value());
		}
		return membership;
	}

	/** Reads the selection header; repeating it is fine only when every copy names the same tenant. */
	private @Nullable TenantId selection(HttpServletRequest request) {
		return TenantIds.fromHeader(request, this.selectionHeader).orElse(null);
	}

	private TenantRejectedException accessDenied(TenantId selected, TenantMembership membership) {
		String detail = membership.isEmpty()
				? "The access token is not issued for any tenant, so header '" + this.selectionHeader
						+ "' cannot select tenant '" + selected + "'. Use a token issued for '" + selected
						+ "', or leave the header out."
				: "The access token is not issued for tenant '" + selected + "' (it is for " + membership.describe()
						+ "). Use a token issued for '" + selected + "', or select one of the token's tenants with "
						+ "header '" + this.selectionHeader + "'.";
		return new TenantRejectedException(Reason.TENANT_ACCESS_DENIED, detail, selected.value());
	}

	/** The tenants resolve() found a token issued for, for the same token's admission. */
	private record TokenMembership(Jwt jwt, TenantMembership membership) {
	}

}
