package dev.tenancy.sample.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secures everything but the token issuer's own endpoints: {@code /api/**}, like every other path, needs a
 * valid JWT; only health and the error page are open. A missing or invalid token answers 401 with a
 * problem+json body.
 * <p>
 * Which {@code JwtDecoder} checks tokens depends on the profile: by default the embedded issuer's keys
 * (Spring Boot derives the decoder from its {@code JWKSource}); in {@code prod} the external issuer named by
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}. The tenant is not decided here but by the
 * tenancy library's filter, which runs after this chain and reads the authenticated token.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, JsonMapper jsonMapper) {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(jsonMapper);
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health/**", "/error")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
		}).authenticationEntryPoint(entryPoint));
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// bearer tokens are not sent automatically by browsers, so there is no cross-site request to forge
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
