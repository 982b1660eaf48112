package dev.tenancy.benchmarks.app.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The same token checks in every variant: every {@code /api/**} request needs a JWT signed (RS256) by the key the
 * harness controls, issued by {@code bench.jwt.issuer} for the audience {@code bench.jwt.audience}, and not
 * expired. The decoder verifies the signature and claims of every request; nothing is cached.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BenchmarkJwtProperties.class)
class ResourceServerConfiguration {

	@Bean
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
		}));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// bearer tokens are not sent automatically by browsers, so there is no cross-site request to forge
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(BenchmarkJwtProperties properties) throws IOException {
		RSAPublicKey key;
		try (InputStream pem = properties.publicKeyLocation().getInputStream()) {
			key = RsaKeyConverters.x509().convert(pem);
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).signatureAlgorithm(SignatureAlgorithm.RS256).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(properties.issuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(properties.audience()))));
		return decoder;
	}

}
