package dev.tenancy.starter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.audit.PlatformOperations;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
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
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform administrator's requests into a tenant through the whole stack: a signed JWT verified by the
 * resource server, the tenant selected by header, and each request served only once its event is committed to
 * the audit trail in PostgreSQL, which stays intact; and what an administrator reads, PostgreSQL keeps from
 * writing.
 */
@SpringBootTest(classes = PlatformAccessIT.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tenancy.catalog.type=jdbc", "tenancy.security.platform.authority=SCOPE_tenancy.admin",
				"tenancy.audit.hmac-key=q7Wb0m3rY2vJ9xQfT1kLzP8sN4aD6eHcU5iG0oRwBtM=" })
@WithTenancyDatabase
@DirtiesContext
class PlatformAccessIT {

	static final TestIssuer ISSUER = new TestIssuer();

	static final TenantId ACME = TenantId.of("acme");

	static final TenantId HOOLI = TenantId.of("hooli");

	final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	TenantLifecycle lifecycle;

	@Autowired
	TenantAuditTrail audit;

	@Autowired
	TenancyTestDatabase db;

	@Autowired
	TenantEchoController controller;

	@BeforeEach
	void onboardTenants() {
		this.db.executeAsAdmin("create table if not exists visits (tenant_id text not null, seen_by text not null)");
		this.db.executeAsAdmin("grant select, insert on visits to " + TenancyTestDatabase.APP_ROLE);
		if (this.audit.events(ACME).isEmpty()) {
			this.lifecycle.onboard(Tenant.active("acme"), null, "ops@example.com", "contract 1");
			this.lifecycle.onboard(Tenant.active("hooli"), null, "ops@example.com", "contract 2");
			this.lifecycle.suspend(HOOLI, "billing", "invoice 4711 unpaid");
		}
	}

	@Test
	void administratorIsServedInTheTenantOnceTheAccessIsRecorded() throws Exception {
		int before = accesses(ACME).size();
		HttpResponse<String> response = send("GET", admin("jti-1"), "acme", "ticket 4711");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("acme");

		List<AuditEvent> accesses = accesses(ACME);
		assertThat(accesses).hasSize(before + 1);
		AuditEvent access = accesses.get(accesses.size() - 1);
		assertThat(access.actor()).isEqualTo("ops-alice");
		assertThat(access.reason()).isEqualTo("ticket 4711");
		assertThat(access.detail()).isEqualTo("GET /api/tenant; issuer https://idp.example; token jti-1");
		assertThat(this.audit.verify().isIntact()).isTrue();
	}

	@Test
	void anAsynchronousRequestIsRecordedOnce() throws Exception {
		int before = accesses(ACME).size();
		HttpResponse<String> response = send("GET", "/api/tenant/later", admin("jti-8"), "acme", "ticket 4711");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("acme later");
		assertThat(accesses(ACME)).hasSize(before + 1);
	}

	@Test
	void tenantsOwnMembersAreNotRecorded() throws Exception {
		int before = accesses(ACME).size();
		HttpResponse<String> response = send("POST", token(Map.of("tenant_id", "acme")), null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(accesses(ACME)).hasSize(before);
	}

	@Test
	void refusedRequestsReachNothingAndAreNotRecorded() throws Exception {
		int acme = accesses(ACME).size();
		int hooli = accesses(HOOLI).size();
		int served = this.controller.served.get();
		assertProblem(send("GET", admin("jti-2"), "acme", null), 400, "access-reason-required");
		assertProblem(send("POST", admin("jti-3"), "acme", "ticket 4711"), 403, "tenant-access-denied");
		assertProblem(send("GET", admin("jti-4"), "nosuchco", "ticket 4711"), 403, "unknown-tenant");
		assertProblem(send("GET", admin("jti-5"), "hooli", "ticket 4711"), 423, "tenant-not-active");
		assertProblem(send("GET", token(Map.of("tenant_id", "hooli", "scope", "tenancy.read")), "acme", "ticket"),
				403, "tenant-access-denied");
		assertThat(accesses(ACME)).hasSize(acme);
		assertThat(accesses(HOOLI)).hasSize(hooli);
		assertThat(this.controller.served).hasValue(served);
	}

	@Test
	void aReadThatWritesIsRefusedItsWriteByTheDatabase() throws Exception {
		HttpResponse<String> member = send("GET", "/api/visits", token(Map.of("tenant_id", "acme")), null, null);
		assertThat(member.statusCode()).as("a member's GET that writes").isEqualTo(200);
		assertThat(visits()).isEqualTo(1);

		int before = accesses(ACME).size();
		HttpResponse<String> admin = send("GET", "/api/visits", admin("jti-9"), "acme", "ticket 4711");
		assertProblem(admin, 403, "tenant-access-denied");
		assertThat(admin.body()).contains("may only read").doesNotContain("read-only transaction");
		assertThat(this.controller.readOnlyRefusals).hasValue(1);
		assertThat(visits()).as("rows written").isEqualTo(1);
		assertThat(accesses(ACME)).as("the access is recorded all the same").hasSize(before + 1);
	}

	@Test
	void anAccessTheAuditTrailCannotTakeIsRefused() throws Exception {
		int before = accesses(ACME).size();
		int served = this.controller.served.get();
		this.db.executeAsAdmin("REVOKE INSERT ON tenancy.audit_events FROM " + TenancyTestDatabase.OWNER_ROLE);
		try {
			HttpResponse<String> response = send("GET", admin("jti-6"), "acme", "ticket 4711");
			assertProblem(response, 503, "tenant-unavailable");
			assertThat(response.body()).doesNotContain("permission denied");
		}
		finally {
			this.db.executeAsAdmin("GRANT INSERT ON tenancy.audit_events TO " + TenancyTestDatabase.OWNER_ROLE);
		}
		assertThat(this.controller.served).hasValue(served);
		assertThat(accesses(ACME)).hasSize(before);
		assertThat(send("GET", admin("jti-7"), "acme", "ticket 4711").statusCode()).isEqualTo(200);
	}

	private long visits() {
		return new JdbcTemplate(this.db.adminDataSource()).queryForObject("select count(*) from visits", Long.class);
	}

	private List<AuditEvent> accesses(TenantId tenant) {
		return this.audit.events(tenant)
			.stream()
			.filter((event) -> event.action().equals(PlatformOperations.ACTION))
			.toList();
	}

	private HttpResponse<String> send(String method, String token, String tenant, String reason)
			throws IOException, InterruptedException {
		return send(method, "/api/tenant", token, tenant, reason);
	}

	private HttpResponse<String> send(String method, String path, String token, String tenant, String reason)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.header("Authorization", "Bearer " + token);
		if (tenant != null) {
			request.header("X-Tenant-ID", tenant);
		}
		if (reason != null) {
			request.header("X-Access-Reason", reason);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status, String slug) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"type\":\"https://tenancy.dev/problems/" + slug + "\"");
	}

	private static String admin(String tokenId) {
		return token(Map.of("scope", "tenancy.admin", "jti", tokenId));
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

		final AtomicInteger served = new AtomicInteger();

		final AtomicInteger readOnlyRefusals = new AtomicInteger();

		final JdbcTemplate jdbc;

		final TransactionTemplate transactions;

		TenantEchoController(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
			this.jdbc = jdbc;
			this.transactions = new TransactionTemplate(transactions);
		}

		/** A read that writes, as some applications have: a visit counter. */
		@GetMapping("/api/visits")
		String visit() {
			try {
				return this.transactions.execute((status) -> {
					this.jdbc.update("insert into visits (tenant_id, seen_by) values (?, 'someone')",
							TenantContext.require().value());
					return "counted";
				});
			}
			catch (DataAccessException ex) {
				if (ex.getMessage() != null && ex.getMessage().contains("read-only transaction")) {
					this.readOnlyRefusals.incrementAndGet();
				}
				throw ex;
			}
		}

		@RequestMapping("/api/tenant")
		String tenant() {
			this.served.incrementAndGet();
			return TenantContext.require().value();
		}

		/** Answered on another thread, then through an asynchronous dispatch that the tenant filter sees too. */
		@RequestMapping("/api/tenant/later")
		Callable<String> later() {
			this.served.incrementAndGet();
			return () -> TenantContext.require().value() + " later";
		}

	}

}
