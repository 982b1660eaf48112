package dev.tenancy.starter;

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
 * An identity provider for the starter's tests: an RSA key that signs tokens of {@code https://idp.example} for
 * {@code ops-alice}, and the decoder that verifies them.
 */
final class TestIssuer {

	private final KeyPair keys = generateRsaKeyPair();

	/**
	 * Signs a token valid for five minutes.
	 * @param claims its claims beyond issuer, subject and times
	 * @return the token
	 */
	String sign(Map<String, Object> claims) {
		Instant now = Instant.now();
		JwtClaimsSet claimsSet = JwtClaimsSet.builder()
			.issuer("https://idp.example")
			.subject("ops-alice")
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(5)))
			.claims((all) -> all.putAll(claims))
			.build();
		return NimbusJwtEncoder
			.withKeyPair((RSAPublicKey) this.keys.getPublic(), (RSAPrivateKey) this.keys.getPrivate())
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claimsSet))
			.getTokenValue();
	}

	/**
	 * Returns a decoder that verifies this issuer's signature.
	 * @return the decoder
	 */
	JwtDecoder decoder() {
		return NimbusJwtDecoder.withPublicKey((RSAPublicKey) this.keys.getPublic()).build();
	}

	private static KeyPair generateRsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
