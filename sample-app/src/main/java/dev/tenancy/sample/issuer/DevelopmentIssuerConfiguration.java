package dev.tenancy.sample.issuer;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

/**
 * The development token issuer: Spring Security's authorization server, embedded, issuing signed JWTs with
 * tenant claims through the client-credentials grant.
 * <p>
 * Spring Boot registers the clients from {@code spring.security.oauth2.authorizationserver.client.*} and
 * generates the signing key at start-up (tokens do not survive a restart). Because the application defines its
 * own security filter chains, Boot's default chains back off and the issuer's endpoints get their own chain
 * here. The API accepts only this issuer's tokens: signed by its key and carrying its issuer identifier
 * ({@code spring.security.oauth2.authorizationserver.issuer}) as {@code iss}, as the {@code prod} profile's
 * decoder checks the external issuer's. Not active in the {@code prod} profile, where tokens come from an
 * external issuer.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!prod")
class DevelopmentIssuerConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) {
		http.oauth2AuthorizationServer(
				(authorizationServer) -> http.securityMatcher(authorizationServer.getEndpointsMatcher()));
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

	/**
	 * Checks the embedded issuer's tokens like a resource server checks an external issuer's: signature, expiry
	 * and not-before, and {@code iss}. Spring Boot's own decoder for the embedded issuer checks no issuer.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> issuerKeys, AuthorizationServerSettings settings) {
		String issuer = settings.getIssuer();
		if (!StringUtils.hasText(issuer)) {
			throw new IllegalStateException("The development issuer has no issuer identifier, so the API could not "
					+ "check the 'iss' of its tokens; set spring.security.oauth2.authorizationserver.issuer.");
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(issuerKeys)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
		return decoder;
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> tenantClaimsTokenCustomizer(IssuerClaimsProperties properties) {
		return new TenantClaimsTokenCustomizer(properties);
	}

}
