package dev.tenancy.security.issuer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The token issuers an application trusts, looked up by the issuer identifier in a token's {@code iss} claim.
 * <p>
 * Looked up on every request, so an implementation backed by a table of the application's can add, change and
 * remove issuers at run time; it should cache. {@link #of} holds a fixed set.
 */
@FunctionalInterface
public interface TenantIssuers {

	/**
	 * Finds a trusted issuer.
	 * @param issuer the issuer identifier, as in a token's {@code iss} claim
	 * @return the trusted issuer, or empty if the issuer is not trusted
	 */
	Optional<TrustedIssuer> find(String issuer);

	/**
	 * Returns a fixed set of trusted issuers.
	 * @param issuers the issuers, each identifier once
	 * @return the issuers
	 * @throws IllegalArgumentException if an issuer identifier appears twice
	 */
	static TenantIssuers of(Collection<TrustedIssuer> issuers) {
		Map<String, TrustedIssuer> byIssuer = new LinkedHashMap<>();
		for (TrustedIssuer trusted : issuers) {
			if (byIssuer.putIfAbsent(trusted.issuer(), trusted) != null) {
				throw new IllegalArgumentException("Issuer '" + trusted.issuer() + "' is trusted twice; trust each "
						+ "issuer once, with every tenant it may issue tokens for");
			}
		}
		Map<String, TrustedIssuer> fixed = Map.copyOf(byIssuer);
		return (issuer) -> Optional.ofNullable(fixed.get(issuer));
	}

}
