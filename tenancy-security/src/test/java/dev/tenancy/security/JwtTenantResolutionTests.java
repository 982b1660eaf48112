package dev.tenancy.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request end to end: Boot's resource server verifies a signed JWT, the tenant filter resolves the tenant
 * with {@link JwtTenantResolver}, and the controller sees it in {@link TenantContext}.
 */
@SpringBootTest(classes = JwtTenantResolutionTests.TestApplication.class, webEnvironment = WebEnvironment.MOCK,
		properties = { "tenancy.tenants.acme.display-name=Acme Corp", "tenancy.tenants.globex.display-name=Globex" })
@AutoConfigureMockMvc
class JwtTenantResolutionTests {

	private static final SigningKey ISSUER_KEY = new SigningKey();

	private static final SigningKey OTHER_KEY = new SigningKey();

	private static final String PROBLEMS = "https://tenancy.dev/problems/";

	@Autowired
	private MockMvcTester mvc;

	@Test
	void tokenForOneTenantIsServedForIt() {
		assertThat(get(token(Map.of("tenant_id", "acme")), null)).hasStatusOk().bodyText().isEqualTo("acme");
	}

	@Test
	void tokenForOneTenantSelectingAnotherIsForbidden() {
		MvcTestResult result = get(token(Map.of("tenant_id", "acme")), "globex");
		assertProblem(result, 403, "tenant-access-denied");
		assertThat(result).bodyJson().extractingPath("$.tenant").isEqualTo("globex");
	}

	@Test
	void tokenForSeveralTenantsWithoutSelectionIsAskedToSelect() {
		MvcTestResult result = get(token(Map.of("tenants", List.of("acme", "globex"))), null);
		assertProblem(result, 400, "tenant-selection-required");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("'acme', 'globex'", "X-Tenant-ID");
	}

	@Test
	void tokenForSeveralTenantsSelectingOneIsServedForIt() {
		assertThat(get(token(Map.of("tenants", List.of("acme", "globex"))), "globex")).hasStatusOk()
			.bodyText()
			.isEqualTo("globex");
	}

	@Test
	void tokenForSeveralTenantsSelectingAnotherIsForbidden() {
		assertProblem(get(token(Map.of("tenants", List.of("acme", "globex"))), "initech"), 403,
				"tenant-access-denied");
	}

	@Test
	void tokenForNoTenantOnATenantPathIsAskedForATenant() {
		assertProblem(get(token(Map.of("scope", "admin")), null), 400, "tenant-required");
	}

	@Test
	void tokenWithAnInvalidTenantClaimIsABadRequest() {
		assertProblem(get(token(Map.of("tenant_id", 42)), null), 400, "invalid-tenant-id");
	}

	@Test
	void tokenSignedByAnotherKeyIsUnauthorized() {
		String forged = OTHER_KEY.sign(Map.of("tenant_id", "acme"));
		assertThat(get(forged, null)).hasStatus(401);
	}

	@Test
	void expiredTokenIsUnauthorized() {
		String expired = ISSUER_KEY.sign(Map.of("tenant_id", "acme"), Instant.now().minus(Duration.ofHours(1)));
		assertThat(get(expired, null)).hasStatus(401);
	}

	@Test
	void requestWithoutTokenIsUnauthorized() {
		assertThat(this.mvc.get().uri("/api/tenant").header("X-Tenant-ID", "acme")).hasStatus(401);
	}

	private MvcTestResult get(String token, @Nullable String selection) {
		MockMvcRequestBuilder request = this.mvc.get()
			.uri("/api/tenant")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (selection != null) {
			request.header("X-Tenant-ID", selection);
		}
		return request.exchange();
	}

	private static void assertProblem(MvcTestResult result, int status, String slug) {
		assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + slug);
	}

	private static String token(Map<String, Object> claims) {
		return ISSUER_KEY.sign(claims);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TenantEchoController.class)
	static class TestApplication {

		@Bean
		JwtDecoder jwtDecoder() {
			return ISSUER_KEY.decoder();
		}

	}

	@RestController
	static class TenantEchoController {

		@GetMapping("/api/tenant")
		String tenant() {
			return TenantContext.require().value();
		}

	}

}
