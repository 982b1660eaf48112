package dev.tenancy.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mints JWTs with any claims, signed with Nimbus by the sample's own issuer key (taken from the running
 * application's {@link JWKSource}), by another key, by HMAC, or not at all.
 * <p>
 * Claims are written as JSON exactly as given (nulls, numbers, objects, control characters included), so the
 * resource server is the only thing that decides what a claim means.
 */
final class TokenMinter {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RSAKey issuerKey;

	private final String issuer;

	TokenMinter(JWKSource<SecurityContext> keys, String issuer) {
		this.issuerKey = issuerKey(keys);
		this.issuer = issuer;
	}

	/** The id of the issuer's signing key. */
	String keyId() {
		return this.issuerKey.getKeyID();
	}

	/**
	 * Returns the claims of a valid token for one tenant, as the issuer would put them, valid for five minutes.
	 * @param customizer changes to the claims
	 * @return the claims, in order
	 */
	Map<String, Object> claims(Consumer<Map<String, Object>> customizer) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("sub", "bad-input-it");
		claims.put("iat", now.getEpochSecond());
		claims.put("nbf", now.getEpochSecond());
		claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
		claims.put("tenant_id", "acme");
		customizer.accept(claims);
		return claims;
	}

	/** A token with the claims, signed by the issuer's key. */
	String signed(Consumer<Map<String, Object>> customizer) {
		return signedPayload(json.writeValueAsString(claims(customizer)));
	}

	/** A token whose payload is the given JSON text, signed by the issuer's key. */
	String signedPayload(String payloadJson) {
		return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId()).type(JOSEObjectType.JWT).build(),
				payloadJson, signer(this.issuerKey));
	}

	/** A token with valid claims, signed by a freshly generated key that claims the given key id. */
	String signedByAnotherKey(String keyId) {
		try {
			RSAKey other = new RSAKeyGenerator(2048).keyID(keyId).generate();
			return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
					json.writeValueAsString(claims((claims) -> {
					})), signer(other));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token with valid claims, "signed" with HS256 using the issuer's public key as the shared secret. */
	String hmacWithIssuerPublicKey() {
		try {
			JWSSigner signer = new MACSigner(this.issuerKey.toRSAPublicKey().getEncoded());
			return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId()).type(JOSEObjectType.JWT).build(),
					json.writeValueAsString(claims((claims) -> {
					})), signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token with valid claims and {@code "alg": "none"}: no signature at all. */
	String unsigned() {
		return new PlainObject(new Payload(json.writeValueAsString(claims((claims) -> {
		})))).serialize();
	}

	private static String sign(JWSHeader header, String payloadJson, JWSSigner signer) {
		JWSObject jws = new JWSObject(header, new Payload(payloadJson));
		try {
			jws.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jws.serialize();
	}

	private static JWSSigner signer(RSAKey key) {
		try {
			return new RSASSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey issuerKey(JWKSource<SecurityContext> keys) {
		try {
			JWKMatcher privateRsaKeys = new JWKMatcher.Builder().keyType(KeyType.RSA).privateOnly(true).build();
			List<JWK> found = keys.get(new JWKSelector(privateRsaKeys), null);
			if (found.size() != 1) {
				throw new IllegalStateException("expected the issuer's one RSA signing key, found " + found.size());
			}
			return found.get(0).toRSAKey();
		}
		catch (KeySourceException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
