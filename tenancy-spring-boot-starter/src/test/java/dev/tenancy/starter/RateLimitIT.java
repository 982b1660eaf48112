package dev.tenancy.starter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.test.WithTenancyDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant rate limits through the whole stack: signed JWTs verified by the resource server, the tenant from the
 * token, the JDBC catalog in PostgreSQL, and Tomcat's own asynchronous dispatch. Each test uses tenants of its own,
 * so that no test spends another's tokens; no limit refills within a test (one request an hour).
 */
@SpringBootTest(classes = RateLimitIT.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tenancy.catalog.type=jdbc", "tenancy.security.platform.authority=SCOPE_tenancy.admin",
				"tenancy.rate-limit.enabled=true", "tenancy.rate-limit.default-limit.capacity=2",
				"tenancy.rate-limit.default-limit.period=2h", "tenancy.rate-limit.tenants.globex.capacity=1000" })
@WithTenancyDatabase
@DirtiesContext
class RateLimitIT {

	static final TestIssuer ISSUER = new TestIssuer();

	final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	TenantLifecycle lifecycle;

	@Autowired
	TenantAuditTrail audit;

	@BeforeEach
	void onboardTenants() {
		if (this.audit.events(TenantId.of("acme")).isEmpty()) {
			for (String tenant : new String[] { "acme", "globex", "initech", "umbrella" }) {
				this.lifecycle.onboard(Tenant.active(tenant), null, "ops@example.com", "contract");
			}
		}
	}

	@Test
	void aTenantOverItsLimitIsRefusedWithRetryAfterAndOthersAreServed() throws Exception {
		assertThat(send("/api/tenant", member("acme"), null).statusCode()).isEqualTo(200);
		assertThat(send("/api/tenant", member("acme"), null).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = send("/api/tenant", member("acme"), null);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		// one token an hour: the next comes an hour after the first was taken, rounded up to whole seconds
		assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt))
			.hasValueSatisfying((seconds) -> assertThat(seconds).isBetween(3_500, 3_600));
		assertThat(refused.body()).contains("\"type\":\"https://tenancy.dev/problems/tenant-rate-limited\"",
				"\"tenant\":\"acme\"");

		// a tenant with a limit of its own is served; naming acme with its token is refused before any limit
		for (int i = 0; i < 5; i++) {
			assertThat(send("/api/tenant", member("globex"), null).body()).isEqualTo("globex");
		}
		assertThat(send("/api/tenant", member("globex"), "acme").statusCode()).isEqualTo(403);
	}

	@Test
	void anAsynchronousRequestTakesOneToken() throws Exception {
		HttpResponse<String> later = send("/api/tenant/later", member("initech"), null);
		assertThat(later.statusCode()).isEqualTo(200);
		assertThat(later.body()).isEqualTo("initech later");
		assertThat(send("/api/tenant", member("initech"), null).statusCode()).isEqualTo(200);
		assertThat(send("/api/tenant", member("initech"), null).statusCode()).isEqualTo(429);
	}

	@Test
	void platformAdministratorsAreNeitherCountedNorRefused() throws Exception {
		for (int i = 0; i < 4; i++) {
			assertThat(send("/api/tenant", admin(), "umbrella").body()).isEqualTo("umbrella");
		}
		assertThat(send("/api/tenant", member("umbrella"), null).statusCode()).isEqualTo(200);
		assertThat(send("/api/tenant", member("umbrella"), null).statusCode()).isEqualTo(200);
		assertThat(send("/api/tenant", member("umbrella"), null).statusCode()).isEqualTo(429);
		assertThat(send("/api/tenant", admin(), "umbrella").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(String path, String token, @Nullable String selectedTenant)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token);
		if (selectedTenant != null) {
			request.header("X-Tenant-ID", selectedTenant).header("X-Access-Reason", "ticket 4711");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String member(String tenant) {
		return token(Map.of("tenant_id", tenant));
	}

	private static String admin() {
		return token(Map.of("scope", "tenancy.admin"));
	}

	private static String token(Map<String, Object> claims) {
		return ISSUER.sign(claims);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TenantEchoController.class)
	static class TestApplication {

		@Bean
		JwtDecoder jwtDecoder() {
			return ISSUER.decoder();
		}

	}

	@RestController
	static class TenantEchoController {

		@RequestMapping("/api/tenant")
		String tenant() {
			return TenantContext.require().value();
		}

		@RequestMapping("/api/tenant/later")
		Callable<String> later() {
			return () -> TenantContext.require().value() + " later";
		}

	}

}
