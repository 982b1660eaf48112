package dev.tenancy.security.issuer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.tenancy.core.TenantId;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a token whose tenant claims name a tenant its issuer is not trusted for, so that a tenant's identity
 * provider cannot authenticate anyone for another tenant. Reads the issuer's tenants on every token, so a change
 * to {@link TenantIssuers} applies at once. Claim values that are not tenant ids are left to the tenant resolver,
 * which rejects them.
 */
final class IssuerTenantsValidator implements OAuth2TokenValidator<Jwt> {

	private final TenantIssuers issuers;

	private final String issuer;

	private final List<String> tenantClaims;

	IssuerTenantsValidator(TenantIssuers issuers, String issuer, List<String> tenantClaims) {
		this.issuers = issuers;
		this.issuer = issuer;
		this.tenantClaims = List.copyOf(tenantClaims);
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		Optional<TrustedIssuer> trusted = this.issuers.find(this.issuer);
		if (trusted.isEmpty()) {
			return failure("The issuer '" + this.issuer + "' is no longer trusted");
		}
		for (TenantId tenant : claimedTenants(jwt)) {
			if (!trusted.get().trusts(tenant)) {
				return failure("The issuer '" + this.issuer + "' may not issue tokens for tenant '" + tenant + "'");
			}
		}
		return OAuth2TokenValidatorResult.success();
	}

	private List<TenantId> claimedTenants(Jwt jwt) {
		List<TenantId> tenants = new ArrayList<>();
		for (String claim : this.tenantClaims) {
			Object value = jwt.getClaims().get(claim);
			if (value instanceof Collection<?> values) {
				values.forEach((entry) -> addIfTenantId(entry, tenants));
			}
			else {
				addIfTenantId(value, tenants);
			}
		}
		return tenants;
	}

	private static void addIfTenantId(Object value, List<TenantId> tenants) {
		if (value instanceof String text && TenantId.PATTERN.matcher(text).matches()) {
			tenants.add(TenantId.of(text));
		}
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
