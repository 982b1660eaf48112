package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs the run's access tokens with Nimbus, with an RSA key made for this run only; the application verifies them
 * with the public half, which {@link #writePublicKey(Path)} writes as PEM.
 */
final class TokenMint {

	/**
	 * An https URL, as OpenID Connect requires of an issuer and as deployments use. Spring Security's decoder
	 * converts the {@code iss} claim to a URL on every request; a value that is not one (the {@code urn:} the runs
	 * before 2026-12-06 used) costs a failed protocol-handler lookup and two exceptions each time, about a tenth
	 * of every application's CPU on this benchmark.
	 */
	static final String ISSUER = "https://issuer.tenancy-benchmarks.example";

	static final String AUDIENCE = "tenancy-benchmarks-api";

	private final RSAKey key;

	private final RSASSASigner signer;

	private TokenMint(RSAKey key) throws JOSEException {
		this.key = key;
		this.signer = new RSASSASigner(key);
	}

	static TokenMint generate() throws JOSEException {
		return new TokenMint(new RSAKeyGenerator(2048).keyID("tenancy-benchmarks").generate());
	}

	/** Writes the public key as X.509 SubjectPublicKeyInfo in PEM, what Spring Security's converters read. */
	void writePublicKey(Path file) throws IOException, JOSEException {
		byte[] der = this.key.toRSAPublicKey().getEncoded();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END PUBLIC KEY-----\n";
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}

	/**
	 * Returns a signed token for one user of a tenant.
	 * @param tenant the value of the {@code tenant_id} claim
	 * @param subject the user
	 * @param expiresAt when the token expires
	 * @return the compact serialization
	 */
	String mint(String tenant, String subject, Instant expiresAt) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.subject(subject)
			.claim("tenant_id", tenant)
			.claim("scope", "projects")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(60)))
			.expirationTime(Date.from(expiresAt))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		jwt.sign(this.signer);
		return jwt.serialize();
	}

}
