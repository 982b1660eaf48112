package dev.tenancy.sample.issuer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The API accepts the embedded issuer's tokens only when they carry its issuer identifier, as a resource server
 * of an external issuer would.
 */
class DevelopmentIssuerConfigurationTests {

	private static final String ISSUER = "http://localhost:8080";

	private final RSAKey key = generateKey();

	private final JWKSource<SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(this.key));

	private final JwtDecoder decoder = new DevelopmentIssuerConfiguration().jwtDecoder(this.keys,
			AuthorizationServerSettings.builder().issuer(ISSUER).build());

	@Test
	void tokenOfTheIssuerIsAccepted() {
		assertThat(this.decoder.decode(token(ISSUER)).getClaimAsString("tenant_id")).isEqualTo("acme");
	}

	@Test
	void tokenSignedByTheIssuersKeyWithAnotherIssuerIsRejected() {
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> this.decoder.decode(token("https://login.evil.example")))
			.withMessageContaining("iss");
	}

	@Test
	void tokenWithoutAnIssuerIsRejected() {
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token(null)));
	}

	@Test
	void issuerWithoutAnIdentifierCannotStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new DevelopmentIssuerConfiguration().jwtDecoder(this.keys,
					AuthorizationServerSettings.builder().build()))
			.withMessageContaining("spring.security.oauth2.authorizationserver.issuer");
	}

	private String token(String issuer) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject("acme-client")
			.claim("tenant_id", "acme")
			.issuedAt(now)
			.expiresAt(now.plus(5, ChronoUnit.MINUTES));
		if (issuer != null) {
			claims.issuer(issuer);
		}
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.key.getKeyID()).build();
		return new NimbusJwtEncoder(this.keys).encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("test-key").generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
