package dev.tenancy.sample.issuer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The development token issuer: Spring Security's authorization server, embedded, issuing signed JWTs with
 * tenant claims through the client-credentials grant.
 * <p>
 * Spring Boot registers the clients from {@code spring.security.oauth2.authorizationserver.client.*} and
 * generates the signing key at start-up (tokens do not survive a restart). Because the application defines its
 * own security filter chains, Boot's default chains back off and the issuer's endpoints get their own chain
 * here. Not active in the {@code prod} profile, where tokens come from an external issuer.
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

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> tenantClaimsTokenCustomizer(IssuerClaimsProperties properties) {
		return new TenantClaimsTokenCustomizer(properties);
	}

}
