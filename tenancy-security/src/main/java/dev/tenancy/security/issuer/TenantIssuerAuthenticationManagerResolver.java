package dev.tenancy.security.issuer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;

/**
 * Authenticates bearer tokens from any issuer in {@link TenantIssuers}, each with that issuer's keys, for Spring
 * Security's resource server: {@code http.oauth2ResourceServer((server) ->
 * server.authenticationManagerResolver(resolver))}.
 * <p>
 * Built on Spring Security's {@link JwtIssuerAuthenticationManagerResolver}: the token's {@code iss} picks the
 * issuer, and a token of an issuer not trusted is refused (401) before any key is fetched. Each trusted issuer's
 * tokens are verified by Spring Security's {@link NimbusJwtDecoder}, its keys found through OpenID Connect
 * discovery or at the issuer's JWK set URI, fetched when its first token arrives. Besides signature, expiry and
 * {@code iss}, a token must hold one of the issuer's audiences when it has any, and may name only tenants its
 * issuer is trusted for.
 * <p>
 * An identity provider that cannot be reached fails the request with a server error (500) rather than an
 * authentication failure, as Spring Security answers; its other tokens and other issuers are unaffected.
 * Thread-safe.
 */
public final class TenantIssuerAuthenticationManagerResolver implements AuthenticationManagerResolver<HttpServletRequest> {

	private final TenantIssuers issuers;

	private final List<String> tenantClaims;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter;

	private final Cache<Verification, AuthenticationManager> managers = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	private final JwtIssuerAuthenticationManagerResolver delegate = new JwtIssuerAuthenticationManagerResolver(
			this::managerFor);

	/**
	 * Creates the resolver.
	 * @param issuers the trusted issuers
	 * @param tenantClaims the claims that name a token's tenants, such as {@code tenant_id} and {@code tenants}
	 * @param authenticationConverter turns a verified token into an authentication, such as Spring Security's
	 * {@code JwtAuthenticationConverter}
	 */
	public TenantIssuerAuthenticationManagerResolver(TenantIssuers issuers, List<String> tenantClaims,
			Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter) {
		this.issuers = issuers;
		this.tenantClaims = List.copyOf(tenantClaims);
		this.authenticationConverter = authenticationConverter;
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		return this.delegate.resolve(request);
	}

	private @Nullable AuthenticationManager managerFor(String issuer) {
		return this.issuers.find(issuer)
			.map((trusted) -> this.managers.get(new Verification(trusted.issuer(), trusted.jwkSetUri(),
					trusted.audiences()), this::manager))
			.orElse(null);
	}

	private AuthenticationManager manager(Verification verification) {
		NimbusJwtDecoder decoder = ((verification.jwkSetUri() != null)
				? NimbusJwtDecoder.withJwkSetUri(verification.jwkSetUri())
				: NimbusJwtDecoder.withIssuerLocation(verification.issuer()))
			.build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtIssuerValidator(verification.issuer()));
		if (!verification.audiences().isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (audiences) -> audiences != null
					&& audiences.stream().anyMatch(verification.audiences()::contains)));
		}
		validators.add(new IssuerTenantsValidator(this.issuers, verification.issuer(), this.tenantClaims));
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(this.authenticationConverter);
		return new ProviderManager(provider);
	}

	/** How one issuer's tokens are verified; the tenants it is trusted for are read on every token. */
	private record Verification(String issuer, @Nullable String jwkSetUri, List<String> audiences) {
	}

}
