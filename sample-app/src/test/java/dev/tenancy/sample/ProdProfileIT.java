package dev.tenancy.sample;

import dev.tenancy.jpa.crypto.TenantKeys;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the {@code prod} profile the application is a plain resource server of an external issuer: the embedded
 * development issuer, its clients and its endpoints are gone. The issuer is never contacted here; Spring Boot
 * fetches its keys on first use.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.bootstrap.enabled=false", "TENANCY_ISSUER_URI=http://127.0.0.1:9/issuer" })
@ActiveProfiles("prod")
@DirtiesContext
class ProdProfileIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(ProdProfileIT.class);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		db.registerSpringProperties(registry);
		String masterKeyset = TenantKeys.newMasterKeyset();
		registry.add("tenancy.crypto.master-keyset", () -> masterKeyset);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void embeddedIssuerIsNotActive() {
		assertThat(this.context.getBeanNamesForType(RegisteredClientRepository.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OAuth2TokenCustomizer.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(JwtDecoder.class)).hasSize(1);
		ApiClient api = new ApiClient(this.port);
		assertThat(api.requestToken("acme-client", "acme-secret").status()).isEqualTo(401);
		assertThat(api.withToken(null).get("/oauth2/jwks").status()).isEqualTo(401);
	}

	@Test
	void apiStillRequiresToken() {
		assertThat(new ApiClient(this.port).withToken(null).get("/api/projects").status()).isEqualTo(401);
	}

}
