package dev.tenancy.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.web.TenantRequestAdmission;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JWT reaches only the tenants it is issued for, also when another resolver (here the host) names the tenant:
 * a token without a tenant claim, a platform administrator's included, cannot enter a tenant through its host.
 */
@SpringBootTest(classes = JwtMembershipAdmissionTests.TestApplication.class,
		properties = { "tenancy.tenants.acme.display-name=Acme", "tenancy.tenants.globex.display-name=Globex",
				"tenancy.resolution.host.enabled=true", "tenancy.resolution.host.suffix=.example.com",
				"tenancy.security.platform.authority=SCOPE_tenancy.admin" })
@AutoConfigureMockMvc
class JwtMembershipAdmissionTests {

	static final SigningKey KEY = new SigningKey();

	static final List<String> recorded = new CopyOnWriteArrayList<>();

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void clearRecorded() {
		recorded.clear();
	}

	@Test
	void tokenForTheHostsTenantIsServed() {
		assertThat(send("GET", "acme.example.com", token(Map.of("tenant_id", "acme")), null)).hasStatusOk()
			.bodyText()
			.isEqualTo("acme");
	}

	@Test
	void tokenWithoutATenantCannotEnterATenantThroughItsHost() {
		MvcTestResult result = send("GET", "acme.example.com", token(Map.of("scope", "tenancy.read")), null);
		assertThat(result).hasStatus(403).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://tenancy.dev/problems/tenant-access-denied");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("such as its host");
	}

	@Test
	void administratorCannotEnterATenantThroughItsHostUnrecorded() {
		String admin = token(Map.of("scope", "tenancy.admin"));
		assertThat(send("DELETE", "acme.example.com", admin, null)).hasStatus(403);
		assertThat(send("GET", "acme.example.com", admin, null)).hasStatus(403);
		assertThat(recorded).isEmpty();
	}

	@Test
	void administratorSelectingTheHostsTenantWithAReasonIsServedAndRecorded() {
		MvcTestResult result = this.mvc.get()
			.uri("http://acme.example.com/api/tenant")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(Map.of("scope", "tenancy.admin")))
			.header("X-Tenant-ID", "acme")
			.header("X-Access-Reason", "ticket 4711")
			.exchange();
		assertThat(result).hasStatusOk().bodyText().isEqualTo("acme");
		assertThat(recorded).containsExactly("acme|ticket 4711");
	}

	@Test
	void onlyATokenIssuedForTheTenantMarksTheRequestAsAMembers() {
		assertThat(this.mvc.get()
			.uri("http://acme.example.com/api/member")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(Map.of("tenant_id", "acme")))
			.exchange()).hasStatusOk().bodyText().isEqualTo("acme: member");
		assertThat(this.mvc.get()
			.uri("http://acme.example.com/api/member")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(Map.of("scope", "tenancy.admin")))
			.header("X-Tenant-ID", "acme")
			.header("X-Access-Reason", "ticket 4711")
			.exchange()).as("a platform administrator").hasStatusOk().bodyText().isEqualTo("acme: not verified");
	}

	private MvcTestResult send(String method, String host, String token, String tenant) {
		MockMvcRequestBuilder request = this.mvc.method(HttpMethod.valueOf(method))
			.uri("http://" + host + "/api/tenant")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (tenant != null) {
			request.header("X-Tenant-ID", tenant);
		}
		return request.exchange();
	}

	private static String token(Map<String, Object> claims) {
		return KEY.sign(claims);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TenantEchoController.class)
	static class TestApplication {

		@Bean
		JwtDecoder jwtDecoder() {
			return KEY.decoder();
		}

		@Bean
		PlatformAccessLog platformAccessLog() {
			return (tenant, actor, reason, detail) -> recorded.add(tenant + "|" + reason);
		}

	}

	@RestController
	static class TenantEchoController {

		@RequestMapping("/api/tenant")
		String tenant() {
			return TenantContext.require().value();
		}

		@RequestMapping("/api/member")
		String member(HttpServletRequest request) {
			return TenantContext.require().value() + ": "
					+ (TenantRequestAdmission.isVerifiedMember(request) ? "member" : "not verified");
		}

	}

}
