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
 * provider cannot authenticate anyone for another tenant, nor hold anything but its tenants' ids there. Reads the
 * issuer's tenants on every token, so a change to {@link TenantIssuers} applies at once. Tokens of the platform's
 * issuer pass: the tenant resolver checks what they name.
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
		if (!trusted.get().isTenantIssuer()) {
			// the platform's issuer names any tenant; the tenant resolver rejects values that are not tenant ids
			return OAuth2TokenValidatorResult.success();
		}
		for (Object value : claimedValues(jwt)) {
			if (!(value instanceof String text) || !TenantId.PATTERN.matcher(text).matches()) {
				return failure("The issuer '" + this.issuer + "' is a tenant's, and its token's tenant claims hold "
						+ "something that is not a tenant id");
			}
			if (!trusted.get().trusts(TenantId.of(text))) {
				return failure("The issuer '" + this.issuer + "' may not issue tokens for tenant '" + text + "'");
			}
		}
		return OAuth2TokenValidatorResult.success();
	}

	private List<Object> claimedValues(Jwt jwt) {
		List<Object> values = new ArrayList<>();
		for (String claim : this.tenantClaims) {
			Object value = jwt.getClaims().get(claim);
			if (value instanceof Collection<?> entries) {
				values.addAll(entries);
			}
			else if (value != null) {
				values.add(value);
			}
		}
		return values;
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
