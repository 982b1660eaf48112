package dev.tenancy.sample.issuer;

import dev.tenancy.sample.issuer.IssuerClaimsProperties.ClientClaims;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the tenant claims configured for the client ({@code tenant_id} or {@code tenants}) to its access tokens.
 * <p>
 * A client-credentials request that names no scope is granted all the client's registered scopes (RFC 6749
 * allows a default scope), so {@code platform-admin} gets {@code tenancy.admin} without asking.
 */
final class TenantClaimsTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/** The claim naming the one tenant a token is for. */
	static final String TENANT_ID_CLAIM = "tenant_id";

	/** The claim listing the tenants a token may choose from. */
	static final String TENANTS_CLAIM = "tenants";

	private final IssuerClaimsProperties properties;

	TenantClaimsTokenCustomizer(IssuerClaimsProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		RegisteredClient client = context.getRegisteredClient();
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
				&& context.getAuthorizedScopes().isEmpty() && !client.getScopes().isEmpty()) {
			context.getClaims().claim(OAuth2ParameterNames.SCOPE, client.getScopes());
		}
		ClientClaims claims = this.properties.getClients().get(client.getClientId());
		if (claims == null) {
			return;
		}
		if (claims.getTenantId() != null) {
			context.getClaims().claim(TENANT_ID_CLAIM, claims.getTenantId());
		}
		if (!claims.getTenants().isEmpty()) {
			context.getClaims().claim(TENANTS_CLAIM, claims.getTenants());
		}
	}

}
