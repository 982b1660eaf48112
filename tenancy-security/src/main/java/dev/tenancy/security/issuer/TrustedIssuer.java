package dev.tenancy.security.issuer;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A token issuer the application trusts, and the tenants it may issue tokens for: either named tenants (a
 * tenant's own identity provider, whose tokens need not name the tenant when it serves one) or every tenant (the
 * platform's identity provider, whose tokens name their tenants in claims).
 * <p>
 * Only an issuer trusted for every tenant can make a platform administrator: a tenant's own identity provider
 * must not reach other tenants through what it puts into its tokens. {@code TenantIssuerAuthenticationManagerResolver}
 * removes the platform authorities from its authentications, and {@code JwtTenantResolver} lets none of its
 * tokens into another tenant.
 *
 * @param issuer the issuer identifier, exactly as in the tokens' {@code iss} claim
 * @param jwkSetUri where the issuer's signing keys are, or {@code null} to find them through OpenID Connect
 * discovery at the issuer
 * @param tenants the tenants the issuer may issue tokens for; empty when it may for every tenant
 * @param allTenants whether the issuer may issue tokens for every tenant
 * @param audiences the audiences a token must hold one of, or empty to check none
 */
public record TrustedIssuer(String issuer, @Nullable String jwkSetUri, SortedSet<TenantId> tenants,
		boolean allTenants, List<String> audiences) {

	/**
	 * Creates a trusted issuer.
	 * @throws IllegalArgumentException if the issuer is blank, or if it is trusted neither for named tenants nor
	 * for every tenant, or for both
	 */
	public TrustedIssuer {
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.isTrue(jwkSetUri == null || !jwkSetUri.isBlank(), "jwkSetUri must not be blank");
		tenants = Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
		audiences = List.copyOf(audiences);
		if (allTenants == !tenants.isEmpty()) {
			throw new IllegalArgumentException("Issuer '" + issuer + "' must be trusted either for named tenants or "
					+ "for every tenant, not " + (allTenants ? "both" : "neither"));
		}
	}

	/**
	 * Trusts an issuer for the named tenants, its keys found through OpenID Connect discovery.
	 * @param issuer the issuer identifier
	 * @param tenants the tenants, at least one
	 * @return the trusted issuer
	 */
	public static TrustedIssuer forTenants(String issuer, Collection<TenantId> tenants) {
		return new TrustedIssuer(issuer, null, new TreeSet<>(tenants), false, List.of());
	}

	/**
	 * Trusts an issuer for every tenant, its keys found through OpenID Connect discovery.
	 * @param issuer the issuer identifier
	 * @return the trusted issuer
	 */
	public static TrustedIssuer forAllTenants(String issuer) {
		return new TrustedIssuer(issuer, null, new TreeSet<>(), true, List.of());
	}

	/**
	 * Whether the issuer may issue tokens for a tenant.
	 * @param tenant the tenant
	 * @return whether it may
	 */
	public boolean trusts(TenantId tenant) {
		return this.allTenants || this.tenants.contains(tenant);
	}

	/**
	 * Whether the issuer may issue tokens for named tenants only, as a tenant's own identity provider.
	 * @return whether its tenants are named
	 */
	public boolean isTenantIssuer() {
		return !this.allTenants;
	}

}
