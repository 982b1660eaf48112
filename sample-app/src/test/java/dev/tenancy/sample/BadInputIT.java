package dev.tenancy.sample;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tenancy.sample.HttpProbe.Reply;
import dev.tenancy.test.TenancyTestDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Bad input over the sample's HTTP API, against the real application and PostgreSQL: broken and forged tokens,
 * hostile tenant claims and headers, unknown and suspended tenants, other tenants' ids on every endpoint, and
 * malformed, mistyped and oversized requests.
 * <p>
 * Every case asserts its exact 4xx status, an RFC 9457 {@code application/problem+json} body with the matching
 * {@code status} and problem {@code type} (never a 5xx), and that no tenant's rows changed: counts and checksums
 * of every tenant's rows in every placement (acme's shared tables, globex's schema, initech's database) are
 * taken through superuser connections before and after each case, and before and after the whole suite.
 */
// the bootstrap runs before any bean, too early for @DynamicPropertySource, so it is switched off here
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.bootstrap.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class BadInputIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(BadInputIT.class);

	/** initech's own database (DATABASE placement); globex gets its schema in {@link #db} at start-up. */
	static final TenancyTestDatabase initechDb = TenancyTestDatabase.create(BadInputIT.class);

	static final String PROBLEMS = "https://tenancy.dev/problems/";

	static final List<String> TENANTS = List.of("acme", "globex", "initech");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		db.registerSpringProperties(registry);
		registry.add("spring.flyway.placeholders.appRole", () -> TenancyTestDatabase.APP_ROLE);
		registry.add("tenancy.tenants.initech.database", initechDb::name);
	}

	@LocalServerPort
	int port;

	@Autowired
	JWKSource<SecurityContext> issuerKeys;

	ApiClient api;

	HttpProbe http;

	TokenMinter tokens;

	/** Each tenant's one project, created through the API before the cases run. */
	final Map<String, String> projects = new LinkedHashMap<>();

	Map<String, String> before;

	@BeforeAll
	void seedEveryTenant() {
		this.api = new ApiClient(this.port);
		this.http = new HttpProbe(this.port);
		String issuer = ApiClient.claims(this.api.token("acme-client")).path("iss").asString();
		this.tokens = new TokenMinter(this.issuerKeys, issuer);
		for (String tenant : TENANTS) {
			String client = tenant + "-client";
			ApiClient.Response project = this.api.as(client).post("/api/projects", "{\"name\":\"" + tenant + " plan\"}");
			assertThat(project.status()).as(project.body()).isEqualTo(201);
			String id = project.json().path("id").asString();
			this.projects.put(tenant, id);
			assertThat(this.api.as(client).post("/api/projects/" + id + "/tasks", "{\"title\":\"" + tenant + " task\"}")
				.status()).isEqualTo(201);
		}
		// globex's and initech's tasks are done, acme's stays open: complete-all by the first two changes nothing
		// of theirs, and must not touch acme's
		assertThat(this.api.as("globex-client").post("/api/tasks/complete-all", null).status()).isEqualTo(200);
		assertThat(this.api.as("initech-client").post("/api/tasks/complete-all", null).status()).isEqualTo(200);
		this.before = snapshot();
		assertThat(this.before).as("every tenant has rows in its own placement")
			.containsKeys("primary:public.projects:acme", "primary:t_globex.projects:globex",
					"initech-db:public.projects:initech", "primary:public.tasks:acme", "primary:t_globex.tasks:globex",
					"initech-db:public.tasks:initech")
			.hasSize(6);
	}

	@AfterAll
	void dropDatabases() {
		db.close();
		initechDb.close();
	}

	@Test
	@Order(0)
	void mintedTokensAreAcceptedWhenNothingIsWrongWithThem() {
		// the control for every minted-token case below: the same tokens, unaltered, are served
		Reply reply = this.http.request("GET", "/api/projects").bearer(this.tokens.signed((claims) -> {
		})).send();
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		assertThat(reply.json().path("content").get(0).path("id").asString()).isEqualTo(this.projects.get("acme"));
	}

	@TestFactory
	@Order(1)
	Stream<DynamicTest> brokenAndForgedTokensAreUnauthorized() {
		String acme = this.api.token("acme-client");
		String[] parts = acme.split("\\.");
		String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
				new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"acme\"", "\"globex\"")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(forgedPayload).isNotEqualTo(parts[1]);
		long now = Instant.now().getEpochSecond();
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("no Authorization header", get(null), unauthorized()));
		cases.add(new Case("'Bearer' without a token",
				() -> this.http.request("GET", "/api/projects").header("Authorization", "Bearer").send(), unauthorized()));
		cases.add(new Case("Basic credentials of a client instead of a token",
				() -> this.http.request("GET", "/api/projects")
					.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("acme-client:acme-secret".getBytes(StandardCharsets.UTF_8)))
					.send(),
				unauthorized()));
		cases.add(new Case("garbage token", get("not-a-jwt"), unauthorized()));
		cases.add(new Case("token of two segments", get(parts[0] + "." + parts[1]), unauthorized()));
		cases.add(new Case("token of characters outside base64url", get("!!!.###.$$$"), unauthorized()));
		cases.add(new Case("token of base64url segments that are not JSON", get("abc.def.ghi"), unauthorized()));
		cases.add(new Case("issued token with a changed signature",
				get(parts[0] + "." + parts[1] + "." + changeMiddleCharacter(parts[2])), unauthorized().because("Invalid signature")));
		cases.add(new Case("issued token with its payload changed to another tenant",
				get(parts[0] + "." + forgedPayload + "." + parts[2]), unauthorized().because("Invalid signature")));
		cases.add(new Case("expired token", get(this.tokens.signed((claims) -> {
			claims.put("iat", now - 3600);
			claims.put("nbf", now - 3600);
			claims.put("exp", now - 600);
		})), unauthorized().because("expired")));
		cases.add(new Case("token not valid yet (nbf in ten minutes)", get(this.tokens.signed((claims) -> {
			claims.put("nbf", now + 600);
			claims.put("exp", now + 1200);
		})), unauthorized().because("used before")));
		cases.add(new Case("unsigned token (alg none)", get(this.tokens.unsigned()), unauthorized().because("none")));
		cases.add(new Case("token signed by another key under the issuer's key id",
				get(this.tokens.signedByAnotherKey(this.tokens.keyId())), unauthorized().because("Invalid signature")));
		cases.add(new Case("token signed by another key with its own key id",
				get(this.tokens.signedByAnotherKey(UUID.randomUUID().toString())), unauthorized()));
		cases.add(new Case("token MACed with the issuer's public key (HS256 for RS256)",
				get(this.tokens.hmacWithIssuerPublicKey()), unauthorized()));
		cases.add(new Case("token of the issuer's key with another issuer",
				get(this.tokens.signed((claims) -> claims.put("iss", "https://login.evil.example"))),
				unauthorized().because("iss claim is not valid")));
		cases.add(new Case("token with claim tenant_id twice (acme, then globex)",
				get(this.tokens.signedPayload("{\"iss\":\"" + this.tokens.claims((claims) -> {
				}).get("iss") + "\",\"sub\":\"x\",\"exp\":" + (now + 300) + ",\"tenant_id\":\"acme\",\"tenant_id\":\"globex\"}")),
				unauthorized()));
		cases.add(new Case("issued token in the query string instead of the header",
				() -> this.http.request("GET", "/api/projects?access_token=" + acme).send(), unauthorized()));
		cases.add(new Case("expired token creating a project", () -> this.http.request("POST", "/api/projects")
			.bearer(this.tokens.signed((claims) -> {
				claims.put("iat", now - 3600);
				claims.put("nbf", now - 3600);
				claims.put("exp", now - 600);
			}))
			.json("{\"name\":\"expired\"}")
			.send(), unauthorized().because("expired")));
		cases.add(new Case("forged token deleting acme's project",
				() -> this.http.request("DELETE", "/api/projects/" + this.projects.get("acme"))
					.bearer(this.tokens.signedByAnotherKey(this.tokens.keyId()))
					.send(),
				unauthorized()));
		return run(cases);
	}

	@TestFactory
	@Order(2)
	Stream<DynamicTest> hostileTenantClaimsAreRejected() {
		List<Case> cases = new ArrayList<>();
		cases.add(claim("tenant claim missing", (claims) -> claims.remove("tenant_id"), tenancy(400, "tenant-required")));
		cases.add(claim("tenant claim null", (claims) -> claims.put("tenant_id", null), tenancy(400, "tenant-required")));
		cases.add(claim("tenant claim empty", (claims) -> claims.put("tenant_id", ""), invalidTenantId()));
		cases.add(claim("tenant claim a number", (claims) -> claims.put("tenant_id", 42), invalidTenantId()));
		cases.add(claim("tenant claim a boolean", (claims) -> claims.put("tenant_id", true), invalidTenantId()));
		cases.add(claim("tenant claim an object", (claims) -> claims.put("tenant_id", Map.of("id", "acme")),
				invalidTenantId()));
		cases.add(claim("tenant claim an array", (claims) -> claims.put("tenant_id", List.of("acme")), invalidTenantId()));
		cases.add(claimValue("upper case", "ACME"));
		cases.add(claimValue("inner space", "ac me"));
		cases.add(claimValue("surrounding spaces", " acme "));
		cases.add(claimValue("leading dash", "-acme"));
		cases.add(claimValue("leading underscore", "_acme"));
		cases.add(claimValue("SQL quote", "acme' OR '1'='1"));
		cases.add(claimValue("SQL statement", "acme; drop table projects"));
		cases.add(claimValue("LIKE wildcard", "acm%"));
		cases.add(claimValue("path traversal", "../globex"));
		cases.add(claimValue("64 characters, one over the limit", "a".repeat(64)));
		cases.add(claimValue("Cyrillic look-alike", "\u0430\u0441me"));
		cases.add(claimValue("full-width letters", "\uff41\uff43\uff4d\uff45"));
		cases.add(claimValue("zero-width joiner", "ac\u200dme"));
		cases.add(claimValue("combining mark", "acme\u0301"));
		cases.add(claimValue("NUL byte", "acme\u0000"));
		cases.add(claimValue("line break", "acme\nglobex"));
		cases.add(claim("tenant claim of 5,000 characters", (claims) -> claims.put("tenant_id", "a".repeat(5_000)),
				invalidTenantId()));
		// the token no longer fits in server.max-http-request-header-size (8 KB): Tomcat refuses the request itself
		cases.add(claim("tenant claim of 10,000 characters", (claims) -> claims.put("tenant_id", "a".repeat(10_000)),
				headersRefused()));
		cases.add(claim("unknown tenant", (claims) -> claims.put("tenant_id", "nosuchco"), tenancy(403, "unknown-tenant")));
		cases.add(claim("unknown tenant of 63 characters, the longest valid id",
				(claims) -> claims.put("tenant_id", "z".repeat(63)), tenancy(403, "unknown-tenant")));
		cases.add(claim("tenants claim a number", (claims) -> {
			claims.remove("tenant_id");
			claims.put("tenants", 7);
		}, invalidTenantId()));
		cases.add(claim("tenants claim an object", (claims) -> {
			claims.remove("tenant_id");
			claims.put("tenants", Map.of("acme", true));
		}, invalidTenantId()));
		cases.add(claim("tenants claim with an invalid entry", (claims) -> {
			claims.remove("tenant_id");
			claims.put("tenants", List.of("acme", "GLOBEX"));
		}, invalidTenantId().withDetailStartingWith("An entry of claim 'tenants'")));
		cases.add(claim("tenants claim with a number entry", (claims) -> {
			claims.remove("tenant_id");
			claims.put("tenants", List.of("acme", 7));
		}, invalidTenantId().withDetailStartingWith("An entry of claim 'tenants'")));
		cases.add(claim("tenants claim empty", (claims) -> {
			claims.remove("tenant_id");
			claims.put("tenants", List.of());
		}, tenancy(400, "tenant-required")));
		cases.add(claim("tenant claim and a tenants claim naming another tenant, no header",
				(claims) -> claims.put("tenants", List.of("globex")), tenancy(400, "tenant-selection-required")));
		cases.add(new Case("SQL in the tenant claim of a project creation",
				() -> this.http.request("POST", "/api/projects")
					.bearer(this.tokens.signed((claims) -> claims.put("tenant_id", "acme'; delete from projects; --")))
					.json("{\"name\":\"planted\"}")
					.send(),
				invalidTenantId()));
		cases.add(new Case("unknown tenant creating a project",
				() -> this.http.request("POST", "/api/projects")
					.bearer(this.tokens.signed((claims) -> claims.put("tenant_id", "nosuchco")))
					.json("{\"name\":\"planted\"}")
					.send(),
				tenancy(403, "unknown-tenant")));
		return run(cases);
	}

	@TestFactory
	@Order(3)
	Stream<DynamicTest> tenantHeadersCannotWidenTheToken() {
		String consultant = this.api.token("consultant-client");
		String acme = this.api.token("acme-client");
		String admin = this.api.token("platform-admin");
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("tenants claim without X-Tenant-ID", get(consultant), tenancy(400, "tenant-selection-required")));
		cases.add(selecting("tenants claim, X-Tenant-ID naming a tenant not in it", consultant, "initech",
				tenancy(403, "tenant-access-denied")));
		cases.add(selecting("tenants claim, X-Tenant-ID naming the suspended tenant", consultant, "hooli",
				tenancy(403, "tenant-access-denied")));
		cases.add(selecting("tenants claim, X-Tenant-ID naming an unknown tenant", consultant, "nosuchco",
				tenancy(403, "tenant-access-denied")));
		cases.add(new Case("tenants claim, X-Tenant-ID twice naming two of its tenants",
				() -> this.http.request("GET", "/api/projects")
					.bearer(consultant)
					.header("X-Tenant-ID", "acme")
					.header("X-Tenant-ID", "globex")
					.send(),
				tenancy(403, "tenant-conflict")));
		cases.add(selecting("tenants claim, X-Tenant-ID in upper case", consultant, "ACME", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID listing two tenants", consultant, "acme,globex", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID empty", consultant, "", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID with SQL", consultant, "acme' OR '1'='1", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID with a Latin-1 look-alike", consultant, "acm\u00e9",
				invalidTenantId()));
		cases.add(selecting("tenant claim acme, X-Tenant-ID globex", acme, "globex", tenancy(403, "tenant-access-denied")));
		cases.add(selecting("tenant claim acme, X-Tenant-ID malformed", acme, "GLOBEX", invalidTenantId()));
		cases.add(new Case("tenant claim acme, X-Tenant-ID globex, deleting acme's project",
				() -> this.http.request("DELETE", "/api/projects/" + this.projects.get("acme"))
					.bearer(acme)
					.header("X-Tenant-ID", "globex")
					.send(),
				tenancy(403, "tenant-access-denied")));
		cases.add(new Case("tenant claim acme, X-Tenant-ID globex, creating a project",
				() -> this.http.request("POST", "/api/projects")
					.bearer(acme)
					.header("X-Tenant-ID", "globex")
					.json("{\"name\":\"planted\"}")
					.send(),
				tenancy(403, "tenant-access-denied")));
		cases.add(selecting("tenant claim acme, X-Tenant-ID of 10,000 characters", acme, "a".repeat(10_000),
				headersRefused()));
		cases.add(new Case("no tenant claim (platform admin), no header", get(admin), tenancy(400, "tenant-required")));
		cases.add(selecting("no tenant claim (platform admin), X-Tenant-ID acme", admin, "acme",
				tenancy(403, "tenant-access-denied")));
		return run(cases);
	}

	@TestFactory
	@Order(4)
	Stream<DynamicTest> suspendedTenantIsLockedOnEveryEndpoint() {
		String hooli = this.api.token("hooli-client");
		String acmeProject = "/api/projects/" + this.projects.get("acme");
		Expected locked = tenancy(423, "tenant-not-active");
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("suspended tenant lists projects", get(hooli), locked));
		cases.add(new Case("suspended tenant creates a project",
				() -> this.http.request("POST", "/api/projects").bearer(hooli).json("{\"name\":\"x\"}").send(), locked));
		cases.add(new Case("suspended tenant reads another tenant's project",
				() -> this.http.request("GET", acmeProject).bearer(hooli).send(), locked));
		cases.add(new Case("suspended tenant deletes another tenant's project",
				() -> this.http.request("DELETE", acmeProject).bearer(hooli).send(), locked));
		cases.add(new Case("suspended tenant completes all tasks",
				() -> this.http.request("POST", "/api/tasks/complete-all").bearer(hooli).send(), locked));
		cases.add(new Case("suspended tenant reads stats", () -> this.http.request("GET", "/api/stats").bearer(hooli).send(),
				locked));
		return run(cases);
	}

	@TestFactory
	@Order(5)
	Stream<DynamicTest> anotherTenantsProjectIsNotFoundOnEveryEndpoint() {
		List<Case> cases = new ArrayList<>();
		for (String caller : TENANTS) {
			for (String owner : TENANTS) {
				if (caller.equals(owner)) {
					continue;
				}
				String token = this.api.token(caller + "-client");
				String path = "/api/projects/" + this.projects.get(owner);
				String who = caller + " on " + owner + "'s project: ";
				cases.add(new Case(who + "GET", () -> this.http.request("GET", path).bearer(token).send(), notFound()));
				cases.add(new Case(who + "GET accepting HTML only",
						() -> this.http.request("GET", path).bearer(token).header("Accept", "text/html").send(), notFound()));
				cases.add(new Case(who + "PUT", () -> this.http.request("PUT", path).bearer(token).json("{\"name\":\"hijacked\"}").send(),
						notFound()));
				cases.add(new Case(who + "DELETE", () -> this.http.request("DELETE", path).bearer(token).send(), notFound()));
				cases.add(new Case(who + "GET tasks", () -> this.http.request("GET", path + "/tasks").bearer(token).send(),
						notFound()));
				cases.add(new Case(who + "POST task",
						() -> this.http.request("POST", path + "/tasks").bearer(token).json("{\"title\":\"planted\"}").send(),
						notFound()));
			}
		}
		String consultant = this.api.token("consultant-client");
		cases.add(new Case("consultant choosing globex, on acme's project: PUT",
				() -> this.http.request("PUT", "/api/projects/" + this.projects.get("acme"))
					.bearer(consultant)
					.header("X-Tenant-ID", "globex")
					.json("{\"name\":\"hijacked\"}")
					.send(),
				notFound()));
		return run(cases);
	}

	@TestFactory
	@Order(6)
	Stream<DynamicTest> endpointsWithoutIdsAnswerOnlyWithTheCallersRows() {
		// not errors: these endpoints take no id, so the right answer to a probe for another tenant's rows is
		// the caller's own rows only
		String globex = this.api.token("globex-client");
		String initech = this.api.token("initech-client");
		List<DynamicTest> tests = new ArrayList<>();
		tests.add(scoped("stats with another tenant named in the query", () -> this.http
			.request("GET", "/api/stats?tenant_id=acme&tenant=acme").bearer(globex).send(), (reply) -> {
				assertThat(reply.json().path("projects").asLong()).isOne();
				assertThat(reply.json().path("tasks").asLong()).isOne();
			}));
		tests.add(scoped("search for another tenant's task title",
				() -> this.http.request("GET", "/api/tasks/search?q=acme").bearer(globex).send(),
				(reply) -> assertThat(reply.json().size()).isZero()));
		tests.add(scoped("search for everything",
				() -> this.http.request("GET", "/api/tasks/search?q=task").bearer(initech).send(), (reply) -> {
					assertThat(reply.json().size()).isOne();
					assertThat(reply.json().get(0).path("title").asString()).isEqualTo("initech task");
				}));
		tests.add(scoped("list with another tenant named in the query",
				() -> this.http.request("GET", "/api/projects?tenant_id=acme").bearer(initech).send(), (reply) -> {
					assertThat(reply.json().path("content").size()).isOne();
					assertThat(reply.json().path("content").get(0).path("id").asString())
						.isEqualTo(this.projects.get("initech"));
				}));
		tests.add(scoped("complete-all leaves acme's open task alone",
				() -> this.http.request("POST", "/api/tasks/complete-all").bearer(globex).send(),
				(reply) -> assertThat(reply.json().path("updated").asInt()).isZero()));
		return tests.stream();
	}

	@TestFactory
	@Order(7)
	Stream<DynamicTest> malformedIdsAndParametersAreBadRequests() {
		String acme = this.api.token("acme-client");
		List<Case> cases = new ArrayList<>();
		for (String[] id : new String[][] { { "not a UUID", "not-a-uuid" }, { "a number", "42" }, { "negative", "-1" },
				{ "an overflowing number", "99999999999999999999999999" },
				{ "a UUID with a non-hex digit", "0190c5d8-7e2a-7b3c-9d4e-5f6a7b8c9d0g" },
				{ "a UUID with an extra group", "0190c5d8-7e2a-7b3c-9d4e-5f6a7b8c9d0e-0000" },
				{ "SQL", "1%20OR%201=1" } }) {
			cases.add(new Case("GET project, id " + id[0], () -> this.http.request("GET", "/api/projects/" + id[1]).bearer(acme).send(),
					badRequest()));
		}
		cases.add(new Case("PUT project, negative id",
				() -> this.http.request("PUT", "/api/projects/-1").bearer(acme).json("{\"name\":\"x\"}").send(), badRequest()));
		cases.add(new Case("DELETE project, overflowing id",
				() -> this.http.request("DELETE", "/api/projects/99999999999999999999").bearer(acme).send(), badRequest()));
		cases.add(new Case("POST task, id not a UUID",
				() -> this.http.request("POST", "/api/projects/x/tasks").bearer(acme).json("{\"title\":\"x\"}").send(),
				badRequest()));
		cases.add(new Case("GET tasks, id a number", () -> this.http.request("GET", "/api/projects/7/tasks").bearer(acme).send(),
				badRequest()));
		for (String[] path : new String[][] { { "an encoded NUL", "/api/projects/%00" },
				{ "an encoded slash", "/api/projects/a%2Fb" }, { "an encoded backslash", "/api/projects/a%5Cb" },
				{ "a path parameter", "/api/projects;tenant=globex" }, { "a double slash", "/api//projects" },
				{ "an encoded dot segment", "/api/projects/%2e%2e/stats" }, { "an encoded percent", "/api/projects/%25" } }) {
			cases.add(new Case("path with " + path[0], () -> this.http.request("GET", path[1]).bearer(acme).send(),
					badRequest()));
		}
		cases.add(new Case("the error page, requested directly", () -> this.http.request("GET", "/error").bearer(acme).send(),
				status(404)));
		cases.add(new Case("a path that does not exist", () -> this.http.request("GET", "/api/nothing").bearer(acme).send(),
				status(404)));
		cases.add(new Case("GET project, the nil UUID", () -> this.http
			.request("GET", "/api/projects/00000000-0000-0000-0000-000000000000").bearer(acme).send(), notFound()));
		cases.add(new Case("list, size 0", () -> this.http.request("GET", "/api/projects?size=0").bearer(acme).send(),
				badRequest()));
		cases.add(new Case("list, size 101", () -> this.http.request("GET", "/api/projects?size=101").bearer(acme).send(),
				badRequest()));
		cases.add(new Case("list, negative page", () -> this.http.request("GET", "/api/projects?page=-1").bearer(acme).send(),
				badRequest()));
		cases.add(new Case("list, size not a number", () -> this.http.request("GET", "/api/projects?size=ten").bearer(acme).send(),
				badRequest()));
		cases.add(new Case("list, page overflowing an int",
				() -> this.http.request("GET", "/api/projects?page=2147483648").bearer(acme).send(), badRequest()));
		cases.add(new Case("list, page whose offset overflows an int",
				() -> this.http.request("GET", "/api/projects?page=2147483647&size=100").bearer(acme).send(), badRequest()));
		cases.add(new Case("search without q", () -> this.http.request("GET", "/api/tasks/search").bearer(acme).send(),
				badRequest()));
		cases.add(new Case("search, q of 201 characters",
				() -> this.http.request("GET", "/api/tasks/search?q=" + "x".repeat(201)).bearer(acme).send(), badRequest()));
		cases.add(new Case("search, q with a NUL byte",
				() -> this.http.request("GET", "/api/tasks/search?q=a%00b").bearer(acme).send(), badRequest()));
		return run(cases);
	}

	@TestFactory
	@Order(8)
	Stream<DynamicTest> malformedBodiesAreRejected() {
		String acme = this.api.token("acme-client");
		String project = "/api/projects/" + this.projects.get("acme");
		List<Case> cases = new ArrayList<>();
		cases.add(create("truncated JSON", "{\"name\":", badRequest()));
		cases.add(create("JSON followed by more JSON", "{\"name\":\"a\"} {\"name\":\"b\"}", badRequest()));
		cases.add(create("empty body", "", badRequest()));
		cases.add(create("JSON null", "null", badRequest()));
		cases.add(create("a JSON array", "[{\"name\":\"x\"}]", badRequest()));
		cases.add(create("a JSON string", "\"x\"", badRequest()));
		cases.add(create("name missing", "{}", invalidField("name")));
		cases.add(create("name null", "{\"name\":null}", invalidField("name")));
		cases.add(create("name blank", "{\"name\":\" \\t \"}", invalidField("name")));
		cases.add(create("name a number", "{\"name\":123}", badRequest()));
		cases.add(create("name a boolean", "{\"name\":true}", badRequest()));
		cases.add(create("name an object", "{\"name\":{\"first\":\"x\"}}", badRequest()));
		cases.add(create("name an array", "{\"name\":[\"x\"]}", badRequest()));
		cases.add(create("name nested 10,000 arrays deep", "{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
				badRequest()));
		cases.add(create("name of 201 characters", "{\"name\":\"" + "n".repeat(201) + "\"}", invalidField("name")));
		cases.add(create("name of 100,000 characters", "{\"name\":\"" + "n".repeat(100_000) + "\"}", invalidField("name")));
		cases.add(create("name with a NUL byte", "{\"name\":\"a\\u0000b\"}", invalidField("name")));
		cases.add(new Case("create, invalid UTF-8 in the name", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.body("application/json", new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' })
			.send(), badRequest()));
		cases.add(new Case("create with text/plain", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.body("text/plain", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)).send(), status(415)));
		cases.add(new Case("create with application/xml", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.body("application/xml", "<project><name>x</name></project>".getBytes(StandardCharsets.UTF_8)).send(), status(415)));
		cases.add(new Case("create with a form", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.body("application/x-www-form-urlencoded", "name=x".getBytes(StandardCharsets.UTF_8)).send(), status(415)));
		cases.add(new Case("create without a content type", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.body(null, "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)).send(), status(415)));
		cases.add(new Case("rename with truncated JSON",
				() -> this.http.request("PUT", project).bearer(acme).json("{\"name\":\"x\"").send(), badRequest()));
		cases.add(new Case("rename with text/plain", () -> this.http.request("PUT", project).bearer(acme)
			.body("text/plain", "x".getBytes(StandardCharsets.UTF_8)).send(), status(415)));
		cases.add(new Case("rename to a name of 201 characters", () -> this.http.request("PUT", project).bearer(acme)
			.json("{\"name\":\"" + "n".repeat(201) + "\"}").send(), invalidField("name")));
		cases.add(new Case("add a task without a title",
				() -> this.http.request("POST", project + "/tasks").bearer(acme).json("{}").send(), invalidField("title")));
		cases.add(new Case("add a task with a title of 501 characters", () -> this.http.request("POST", project + "/tasks")
			.bearer(acme).json("{\"title\":\"" + "t".repeat(501) + "\"}").send(), invalidField("title")));
		cases.add(new Case("add a task with a title that is a number",
				() -> this.http.request("POST", project + "/tasks").bearer(acme).json("{\"title\":7}").send(), badRequest()));
		cases.add(new Case("add a task with a NUL byte in the title", () -> this.http.request("POST", project + "/tasks")
			.bearer(acme).json("{\"title\":\"a\\u0000b\"}").send(), invalidField("title")));
		cases.add(new Case("list, accepting XML only",
				() -> this.http.request("GET", "/api/projects").bearer(acme).header("Accept", "application/xml").send(),
				status(406)));
		cases.add(new Case("PATCH a project", () -> this.http.request("PATCH", project).bearer(acme).json("{\"name\":\"x\"}").send(),
				status(405)));
		cases.add(new Case("DELETE all projects", () -> this.http.request("DELETE", "/api/projects").bearer(acme).send(),
				status(405)));
		cases.add(new Case("GET complete-all", () -> this.http.request("GET", "/api/tasks/complete-all").bearer(acme).send(),
				status(405)));
		return run(cases);
	}

	@TestFactory
	@Order(9)
	Stream<DynamicTest> oversizedBodiesAreContentTooLarge() {
		String acme = this.api.token("acme-client");
		String project = "/api/projects/" + this.projects.get("acme");
		// a valid body padded with an unknown field: only its size is wrong
		byte[] overLimit = padded("{\"name\":\"big\",\"padding\":\"%s\"}", 1024 * 1024 + 1);
		byte[] taskOverLimit = padded("{\"title\":\"big\",\"padding\":\"%s\"}", 1024 * 1024 + 1);
		byte[] chunkedOverLimit = padded("{\"name\":\"big\",\"padding\":\"%s\"}", 3 * 512 * 1024);
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("create, body just over 1 MB", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.body("application/json", overLimit).send(), contentTooLarge()));
		cases.add(new Case("create, 1.5 MB body in chunks of unknown total size", () -> this.http
			.request("POST", "/api/projects").bearer(acme).chunked("application/json", chunkedOverLimit).send(), contentTooLarge()));
		cases.add(new Case("create, 5 MB body declared", () -> this.http.request("POST", "/api/projects").bearer(acme)
			.declaringBodyOf("application/json", 5L * 1024 * 1024), contentTooLarge()));
		cases.add(new Case("rename, 50 MB body declared", () -> this.http.request("PUT", project).bearer(acme)
			.declaringBodyOf("application/json", 50L * 1024 * 1024), contentTooLarge()));
		cases.add(new Case("add a task, body just over 1 MB", () -> this.http.request("POST", project + "/tasks").bearer(acme)
			.body("application/json", taskOverLimit).send(), contentTooLarge()));
		cases.add(new Case("create without a token, 5 MB body declared", () -> this.http.request("POST", "/api/projects")
			.declaringBodyOf("application/json", 5L * 1024 * 1024), contentTooLarge()));
		return run(cases);
	}

	@Test
	@Order(10)
	void tenantIdInTheBodyIsIgnoredWhenCreating() {
		String body = "{\"name\":\"tenant fields ignored\",\"tenantId\":\"globex\",\"tenant_id\":\"globex\",\"tenant\":\"globex\"}";
		Reply created = this.http.request("POST", "/api/projects").bearer(this.api.token("acme-client")).json(body).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().propertyNames()).containsExactlyInAnyOrder("id", "name");
		String id = created.json().path("id").asString();
		assertThat(tenantsOfProject(id)).as("stored under the caller's tenant only").containsExactly("primary:public:acme");
		assertThat(this.http.request("DELETE", "/api/projects/" + id).bearer(this.api.token("acme-client")).send().status())
			.isEqualTo(204);
		assertThat(snapshot()).isEqualTo(this.before);
	}

	@Test
	@Order(11)
	void tenantIdAndIdInTheBodyAreIgnoredWhenRenaming() {
		// the project keeps its name, so the only change the request could make is the one it must not make
		String body = "{\"name\":\"acme plan\",\"tenantId\":\"globex\",\"tenant_id\":\"globex\",\"id\":\""
				+ this.projects.get("globex") + "\"}";
		Reply renamed = this.http.request("PUT", "/api/projects/" + this.projects.get("acme"))
			.bearer(this.api.token("acme-client"))
			.json(body)
			.send();
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.json().path("id").asString()).isEqualTo(this.projects.get("acme"));
		assertThat(snapshot()).isEqualTo(this.before);
	}

	@Test
	@Order(12)
	void tenantIdAndProjectIdInTheBodyAreIgnoredWhenAddingATask() {
		String initech = this.api.token("initech-client");
		Reply scratch = this.http.request("POST", "/api/projects").bearer(initech).json("{\"name\":\"scratch\"}").send();
		assertThat(scratch.status()).isEqualTo(201);
		String scratchId = scratch.json().path("id").asString();
		String body = "{\"title\":\"tenant fields ignored\",\"tenantId\":\"acme\",\"tenant_id\":\"acme\",\"projectId\":\""
				+ this.projects.get("acme") + "\"}";
		Reply task = this.http.request("POST", "/api/projects/" + scratchId + "/tasks").bearer(initech).json(body).send();
		assertThat(task.status()).as(task.toString()).isEqualTo(201);
		assertThat(task.json().propertyNames()).containsExactlyInAnyOrder("id", "title", "done");
		assertThat(new JdbcTemplate(initechDb.adminDataSource()).queryForList(
				"select tenant_id || ':' || project_id from tasks where id = ?::uuid", String.class,
				task.json().path("id").asString()))
			.containsExactly("initech:" + scratchId);
		assertThat(this.http.request("DELETE", "/api/projects/" + scratchId).bearer(initech).send().status()).isEqualTo(204);
		assertThat(snapshot()).isEqualTo(this.before);
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void noTenantsRowsChangedOverTheWholeSuite() {
		assertThat(snapshot()).isEqualTo(this.before);
	}

	// ---------------------------------------------------------------------------------------------------------
	// cases

	/**
	 * One bad request and the answer it must get.
	 *
	 * @param name what is wrong with the request, the test's display name
	 * @param request sends the request
	 * @param expected the answer
	 */
	record Case(String name, Supplier<Reply> request, Expected expected) {

	}

	/**
	 * The answer to a bad request: its status, problem type, and anything else to check.
	 *
	 * @param status the status code
	 * @param type the problem type, {@code about:blank} for a problem described by its status alone
	 * @param more further assertions on the response
	 */
	record Expected(int status, String type, Consumer<Reply> more) {

		Expected withDetailStartingWith(String start) {
			return new Expected(this.status, this.type, this.more.andThen((reply) -> assertThat(
					reply.json().path("detail").asString()).as(reply.toString()).startsWith(start)));
		}

		/** Proves the request failed for the reason the case is about, not for another one it also has. */
		Expected because(String detailPart) {
			return new Expected(this.status, this.type, this.more.andThen((reply) -> assertThat(
					reply.json().path("detail").asString()).as(reply.toString()).contains(detailPart)));
		}

	}

	private Stream<DynamicTest> run(List<Case> cases) {
		assertThat(cases.stream().map(Case::name).distinct()).as("case names are distinct").hasSize(cases.size());
		return cases.stream().map((c) -> dynamicTest(c.name(), () -> {
			Map<String, String> rowsBefore = snapshot();
			Reply reply = c.request().get();
			assertProblem(reply, c.expected());
			assertThat(snapshot()).as("no tenant's rows changed").isEqualTo(rowsBefore);
		}));
	}

	private DynamicTest scoped(String name, Supplier<Reply> request, Consumer<Reply> assertions) {
		return dynamicTest(name, () -> {
			Map<String, String> rowsBefore = snapshot();
			Reply reply = request.get();
			assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
			assertions.accept(reply);
			assertThat(snapshot()).as("no tenant's rows changed").isEqualTo(rowsBefore);
		});
	}

	private static void assertProblem(Reply reply, Expected expected) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(expected.status());
		assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
		JsonNode problem = reply.json();
		assertThat(problem.path("status").asInt()).as(reply.toString()).isEqualTo(expected.status());
		// RFC 9457: an absent type means about:blank
		assertThat(problem.path("type").asString("about:blank")).as(reply.toString()).isEqualTo(expected.type());
		assertThat(problem.path("title").asString()).as(reply.toString()).isNotBlank();
		expected.more().accept(reply);
	}

	private Case claim(String name, Consumer<Map<String, Object>> claims, Expected expected) {
		return new Case(name, get(this.tokens.signed(claims)), expected);
	}

	private Case claimValue(String name, String value) {
		return claim("tenant claim with " + name, (claims) -> claims.put("tenant_id", value), invalidTenantId());
	}

	private Case selecting(String name, String token, String header, Expected expected) {
		return new Case(name, () -> this.http.request("GET", "/api/projects").bearer(token).header("X-Tenant-ID", header).send(),
				expected);
	}

	private Case create(String name, String body, Expected expected) {
		return new Case("create, " + name,
				() -> this.http.request("POST", "/api/projects").bearer(this.api.token("acme-client")).json(body).send(),
				expected);
	}

	private Supplier<Reply> get(@Nullable String token) {
		return () -> this.http.request("GET", "/api/projects").bearer(token).send();
	}

	private static Expected unauthorized() {
		return new Expected(401, "about:blank",
				(reply) -> assertThat(reply.header("WWW-Authenticate")).as(reply.toString()).startsWith("Bearer"));
	}

	private static Expected tenancy(int status, String slug) {
		return new Expected(status, PROBLEMS + slug, (reply) -> {
		});
	}

	private static Expected invalidTenantId() {
		return new Expected(400, PROBLEMS + "invalid-tenant-id",
				(reply) -> assertThat(reply.body()).as("the problem does not repeat the whole input").hasSizeLessThan(1000));
	}

	private static Expected notFound() {
		return new Expected(404, PROBLEMS + "sample/project-not-found", (reply) -> {
		});
	}

	private static Expected badRequest() {
		return status(400);
	}

	private static Expected invalidField(String field) {
		return new Expected(400, "about:blank", (reply) -> assertThat(reply.json().path("errors").findValuesAsString("field"))
			.as(reply.toString()).contains(field));
	}

	private static Expected contentTooLarge() {
		return new Expected(413, "about:blank",
				(reply) -> assertThat(reply.json().path("detail").asString()).as(reply.toString()).contains("1 MB"));
	}

	/** Tomcat's answer to a request line or headers it will not take, before any filter runs. */
	private static Expected headersRefused() {
		return status(400);
	}

	private static Expected status(int status) {
		return new Expected(status, "about:blank", (reply) -> assertThat(reply.body()).hasSizeLessThan(2000));
	}

	// ---------------------------------------------------------------------------------------------------------
	// data

	private Map<String, String> snapshot() {
		Map<String, DataSource> databases = new LinkedHashMap<>();
		databases.put("primary", db.adminDataSource());
		databases.put("initech-db", initechDb.adminDataSource());
		return TenantRowsSnapshot.of(databases);
	}

	/** Where a project's rows are, across every placement: {@code database:schema:tenant}. */
	private static List<String> tenantsOfProject(String id) {
		List<String> found = new ArrayList<>();
		for (Object[] place : new Object[][] { { "primary", db, "public" }, { "primary", db, "t_globex" },
				{ "initech-db", initechDb, "public" } }) {
			JdbcTemplate jdbc = new JdbcTemplate(((TenancyTestDatabase) place[1]).adminDataSource());
			jdbc.queryForList("select tenant_id from " + place[2] + ".projects where id = ?::uuid", String.class, id)
				.forEach((tenant) -> found.add(place[0] + ":" + place[2] + ":" + tenant));
		}
		return found;
	}

	/** Changes a character in the middle: the last one of a base64url signature may hold only padding bits. */
	private static String changeMiddleCharacter(String text) {
		int middle = text.length() / 2;
		char changed = (text.charAt(middle) == 'A') ? 'B' : 'A';
		return text.substring(0, middle) + changed + text.substring(middle + 1);
	}

	private static byte[] padded(String template, int size) {
		int padding = size - String.format(template, "").length();
		return String.format(template, "x".repeat(padding)).getBytes(StandardCharsets.UTF_8);
	}

}
