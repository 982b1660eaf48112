package dev.tenancy.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * An issuer's RSA key in tests: it signs tokens (RS256, subject {@code alice}, valid five minutes) with Spring
 * Security's encoder, and gives the decoder that verifies them.
 */
final class SigningKey {

	private final KeyPair keys;

	SigningKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			this.keys = generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	JwtDecoder decoder() {
		return NimbusJwtDecoder.withPublicKey((RSAPublicKey) this.keys.getPublic()).build();
	}

	String sign(Map<String, Object> claims) {
		return sign(claims, Instant.now());
	}

	String sign(Map<String, Object> claims, Instant issuedAt) {
		JwtClaimsSet claimsSet = JwtClaimsSet.builder()
			.subject("alice")
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(Duration.ofMinutes(5)))
			.claims((all) -> all.putAll(claims))
			.build();
		return NimbusJwtEncoder
			.withKeyPair((RSAPublicKey) this.keys.getPublic(), (RSAPrivateKey) this.keys.getPrivate())
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claimsSet))
			.getTokenValue();
	}

}
