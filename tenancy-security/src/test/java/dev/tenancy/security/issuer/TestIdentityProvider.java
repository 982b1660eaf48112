package dev.tenancy.security.issuer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * An identity provider on a local port, as a resource server sees one: OpenID Connect discovery and a JWK set
 * over HTTP, and tokens signed with its own key (RSA or elliptic curve). It can be stopped and started again on
 * the same port.
 */
final class TestIdentityProvider implements AutoCloseable {

	private final JWK signingKey;

	private final SignatureAlgorithm algorithm;

	private final int port;

	private final AtomicInteger keyFetches = new AtomicInteger();

	private HttpServer server;

	private TestIdentityProvider(JWK signingKey, SignatureAlgorithm algorithm) throws IOException {
		this.signingKey = signingKey;
		this.algorithm = algorithm;
		this.server = start(0);
		this.port = this.server.getAddress().getPort();
	}

	/** Starts a provider that signs with RS256. */
	static TestIdentityProvider start(String keyId) throws IOException {
		KeyPair keys = generateRsaKeyPair();
		return new TestIdentityProvider(new RSAKey.Builder((RSAPublicKey) keys.getPublic())
			.privateKey((RSAPrivateKey) keys.getPrivate())
			.keyID(keyId)
			.build(), SignatureAlgorithm.RS256);
	}

	/** Starts a provider that signs with ES256, which a resource server must discover from its keys. */
	static TestIdentityProvider startEllipticCurve(String keyId) throws IOException {
		try {
			return new TestIdentityProvider(new ECKeyGenerator(Curve.P_256).keyID(keyId).generate(),
					SignatureAlgorithm.ES256);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer identifier: the {@code iss} of its tokens, and where discovery finds its configuration. */
	String issuer() {
		return "http://127.0.0.1:" + this.port;
	}

	String jwkSetUri() {
		return issuer() + "/jwks";
	}

	int keyFetches() {
		return this.keyFetches.get();
	}

	/** Signs a token of this provider, valid for five minutes, for subject {@code alice}. */
	String token(Map<String, Object> claims) {
		return token(issuer(), claims);
	}

	/** Signs a token with this provider's key that claims to be another issuer's. */
	String token(String issuer, Map<String, Object> claims) {
		Instant now = Instant.now();
		JwtClaimsSet claimsSet = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject("alice")
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(5)))
			.claims((all) -> all.putAll(claims))
			.build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.signingKey)))
			.encode(JwtEncoderParameters.from(
					JwsHeader.with(this.algorithm).keyId(this.signingKey.getKeyID()).build(), claimsSet))
			.getTokenValue();
	}

	void stop() {
		this.server.stop(0);
	}

	void restart() throws IOException {
		this.server = start(this.port);
	}

	@Override
	public void close() {
		stop();
	}

	private HttpServer start(int port) throws IOException {
		HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		started.createContext("/.well-known/openid-configuration", (exchange) -> respond(exchange,
				"{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwkSetUri() + "\","
						+ "\"id_token_signing_alg_values_supported\":[\"" + this.algorithm.getName() + "\"],"
						+ "\"subject_types_supported\":[\"public\"],"
						+ "\"response_types_supported\":[\"code\"],"
						+ "\"authorization_endpoint\":\"" + issuer() + "/authorize\"}"));
		started.createContext("/jwks", (exchange) -> {
			this.keyFetches.incrementAndGet();
			respond(exchange, new JWKSet(this.signingKey.toPublicJWK()).toString());
		});
		started.start();
		return started;
	}

	private static void respond(HttpExchange exchange, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
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
