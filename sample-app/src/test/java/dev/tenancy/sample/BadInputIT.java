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

import static dev.tenancy.sample.ExpectedProblem.badRequest;
import static dev.tenancy.sample.ExpectedProblem.contentTooLarge;
import static dev.tenancy.sample.ExpectedProblem.invalidField;
import static dev.tenancy.sample.ExpectedProblem.invalidTenantId;
import static dev.tenancy.sample.ExpectedProblem.projectNotFound;
import static dev.tenancy.sample.ExpectedProblem.refusedByTomcat;
import static dev.tenancy.sample.ExpectedProblem.status;
import static dev.tenancy.sample.ExpectedProblem.tenancy;
import static dev.tenancy.sample.ExpectedProblem.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Bad input over the sample's HTTP API, against the real application and PostgreSQL: broken and forged tokens,
 * hostile tenant claims and headers, unknown and suspended tenants, other tenants' ids on every endpoint, and
 * malformed, mistyped and oversized requests.
 * <p>
 * Every case asserts its exact 4xx status and an RFC 9457 {@code application/problem+json} body with the matching
 * {@code status} and problem {@code type} (so never a 5xx), and that no tenant's rows changed: counts and checksums
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

	static final List<String> TENANTS = List.of("acme", "globex", "initech");

	static final String PROJECTS = "/api/projects";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		db.registerSpringProperties(registry);
		registry.add("spring.flyway.placeholders.appRole", () -> TenancyTestDatabase.APP_ROLE);
		registry.add("tenancy.tenants.initech.database", initechDb::name);
	}

	@LocalServerPort
	int port;

	/** The embedded issuer's signing key, to mint tokens with any claims. */
	@Autowired
	JWKSource<SecurityContext> issuerKeys;

	ApiClient api;

	HttpProbe http;

	TokenMinter tokens;

	/** Each tenant's one project, created through the API before the cases run. */
	final Map<String, String> projects = new LinkedHashMap<>();

	Map<String, String> rowsAtStart;

	@BeforeAll
	void seedEveryTenant() {
		this.api = new ApiClient(this.port);
		this.http = new HttpProbe(this.port);
		String issuer = ApiClient.claims(this.api.token("acme-client")).path("iss").asString();
		this.tokens = new TokenMinter(this.issuerKeys, issuer);
		for (String tenant : TENANTS) {
			String client = tenant + "-client";
			ApiClient.Response project = this.api.as(client).post(PROJECTS, "{\"name\":\"" + tenant + " plan\"}");
			assertThat(project.status()).as(project.body()).isEqualTo(201);
			String id = project.json().path("id").asString();
			this.projects.put(tenant, id);
			String task = "{\"title\":\"" + tenant + " task\"}";
			assertThat(this.api.as(client).post(PROJECTS + "/" + id + "/tasks", task).status()).isEqualTo(201);
		}
		// globex's and initech's tasks are done, acme's stays open: complete-all by the first two changes nothing
		// of theirs, and must not touch acme's
		assertThat(this.api.as("globex-client").post("/api/tasks/complete-all", null).status()).isEqualTo(200);
		assertThat(this.api.as("initech-client").post("/api/tasks/complete-all", null).status()).isEqualTo(200);
		this.rowsAtStart = snapshot();
		assertThat(this.rowsAtStart).as("every tenant has rows in its own placement")
			.containsOnlyKeys("primary:public.projects:acme", "primary:public.tasks:acme",
					"primary:t_globex.projects:globex", "primary:t_globex.tasks:globex",
					"initech-db:public.projects:initech", "initech-db:public.tasks:initech");
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
		Reply reply = get(PROJECTS, this.tokens.signed((claims) -> {
		})).get();
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		assertThat(reply.json().path("content").get(0).path("id").asString()).isEqualTo(this.projects.get("acme"));
	}

	@TestFactory
	@Order(1)
	Stream<DynamicTest> brokenAndForgedTokensAreUnauthorized() {
		String acme = this.api.token("acme-client");
		String[] parts = acme.split("\\.");
		String otherTenantPayload = base64Url(decodeBase64Url(parts[1]).replace("\"acme\"", "\"globex\""));
		assertThat(otherTenantPayload).isNotEqualTo(parts[1]);
		long now = Instant.now().getEpochSecond();
		Consumer<Map<String, Object>> expired = (claims) -> {
			claims.put("iat", now - 3600);
			claims.put("nbf", now - 3600);
			claims.put("exp", now - 600);
		};
		String basic = Base64.getEncoder().encodeToString("acme-client:acme-secret".getBytes(StandardCharsets.UTF_8));
		String duplicateTenantClaim = "{\"iss\":\"" + this.tokens.claims((claims) -> {
		}).get("iss") + "\",\"sub\":\"x\",\"exp\":" + (now + 300) + ",\"tenant_id\":\"acme\",\"tenant_id\":\"globex\"}";
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("no Authorization header", list(null), unauthorized()));
		cases.add(new Case("'Bearer' without a token",
				() -> this.http.request("GET", PROJECTS).header("Authorization", "Bearer").send(), unauthorized()));
		cases.add(new Case("Basic credentials of a client instead of a token",
				() -> this.http.request("GET", PROJECTS).header("Authorization", "Basic " + basic).send(),
				unauthorized()));
		cases.add(new Case("garbage token", list("not-a-jwt"), unauthorized()));
		cases.add(new Case("token of two segments", list(parts[0] + "." + parts[1]), unauthorized()));
		cases.add(new Case("token of characters outside base64url", list("!!!.###.$$$"), unauthorized()));
		cases.add(new Case("token of base64url segments that are not JSON", list("abc.def.ghi"), unauthorized()));
		cases.add(new Case("issued token with a changed signature",
				list(parts[0] + "." + parts[1] + "." + changeMiddleCharacter(parts[2])),
				unauthorized().because("Invalid signature")));
		cases.add(new Case("issued token with its payload changed to another tenant",
				list(parts[0] + "." + otherTenantPayload + "." + parts[2]),
				unauthorized().because("Invalid signature")));
		cases.add(new Case("expired token", list(this.tokens.signed(expired)), unauthorized().because("expired")));
		cases.add(new Case("token not valid yet (nbf in ten minutes)", list(this.tokens.signed((claims) -> {
			claims.put("nbf", now + 600);
			claims.put("exp", now + 1200);
		})), unauthorized().because("used before")));
		cases.add(new Case("unsigned token (alg none)", list(this.tokens.unsigned()), unauthorized().because("none")));
		cases.add(new Case("token signed by another key under the issuer's key id",
				list(this.tokens.signedByAnotherKey(this.tokens.keyId())),
				unauthorized().because("Invalid signature")));
		cases.add(new Case("token signed by another key with its own key id",
				list(this.tokens.signedByAnotherKey(UUID.randomUUID().toString())), unauthorized()));
		cases.add(new Case("token MACed with the issuer's public key (HS256 for RS256)",
				list(this.tokens.hmacWithIssuerPublicKey()), unauthorized()));
		cases.add(new Case("token of the issuer's key with another issuer",
				list(this.tokens.signed((claims) -> claims.put("iss", "https://login.evil.example"))),
				unauthorized().because("iss claim is not valid")));
		cases.add(new Case("token with claim tenant_id twice (acme, then globex)",
				list(this.tokens.signedPayload(duplicateTenantClaim)), unauthorized()));
		cases.add(new Case("issued token in the query string instead of the header",
				get(PROJECTS + "?access_token=" + acme, null), unauthorized()));
		cases.add(new Case("expired token creating a project",
				send("POST", PROJECTS, this.tokens.signed(expired), "{\"name\":\"expired\"}"),
				unauthorized().because("expired")));
		cases.add(new Case("forged token deleting acme's project",
				send("DELETE", project("acme"), this.tokens.signedByAnotherKey(this.tokens.keyId()), null),
				unauthorized()));
		return run(cases);
	}

	@TestFactory
	@Order(2)
	Stream<DynamicTest> hostileTenantClaimsAreRejected() {
		List<Case> cases = new ArrayList<>();
		cases.add(claims("tenant claim missing", (claims) -> claims.remove("tenant_id"),
				tenancy(400, "tenant-required")));
		cases.add(claim("null", null, tenancy(400, "tenant-required")));
		cases.add(claim("empty", "", invalidTenantId()));
		cases.add(claim("a number", 42, invalidTenantId()));
		cases.add(claim("a boolean", true, invalidTenantId()));
		cases.add(claim("an object", Map.of("id", "acme"), invalidTenantId()));
		cases.add(claim("an array", List.of("acme"), invalidTenantId()));
		cases.add(claim("in upper case", "ACME", invalidTenantId()));
		cases.add(claim("with an inner space", "ac me", invalidTenantId()));
		cases.add(claim("with surrounding spaces", " acme ", invalidTenantId()));
		cases.add(claim("with a leading dash", "-acme", invalidTenantId()));
		cases.add(claim("with a leading underscore", "_acme", invalidTenantId()));
		cases.add(claim("with an SQL quote", "acme' OR '1'='1", invalidTenantId()));
		cases.add(claim("with an SQL statement", "acme; drop table projects", invalidTenantId()));
		cases.add(claim("with a LIKE wildcard", "acm%", invalidTenantId()));
		cases.add(claim("with path traversal", "../globex", invalidTenantId()));
		cases.add(claim("of 64 characters, one over the limit", "a".repeat(64), invalidTenantId()));
		cases.add(claim("with a Cyrillic look-alike", "\u0430\u0441me", invalidTenantId()));
		cases.add(claim("of full-width letters", "\uff41\uff43\uff4d\uff45", invalidTenantId()));
		cases.add(claim("with a zero-width joiner", "ac\u200dme", invalidTenantId()));
		cases.add(claim("with a combining mark", "acme\u0301", invalidTenantId()));
		cases.add(claim("with a NUL byte", "acme\u0000", invalidTenantId()));
		cases.add(claim("with a line break", "acme\nglobex", invalidTenantId()));
		cases.add(claim("of 5,000 characters", "a".repeat(5_000), invalidTenantId()));
		// the token no longer fits in server.max-http-request-header-size (8 KB): Tomcat refuses the request itself
		cases.add(claim("of 10,000 characters", "a".repeat(10_000), refusedByTomcat()));
		cases.add(claim("naming an unknown tenant", "nosuchco", tenancy(403, "unknown-tenant")));
		cases.add(claim("naming an unknown tenant of 63 characters, the longest id", "z".repeat(63),
				tenancy(403, "unknown-tenant")));
		cases.add(tenantsClaim("a number", 7, invalidTenantId()));
		cases.add(tenantsClaim("an object", Map.of("acme", true), invalidTenantId()));
		cases.add(tenantsClaim("with an invalid entry", List.of("acme", "GLOBEX"),
				invalidTenantId().withDetailStartingWith("An entry of claim 'tenants'")));
		cases.add(tenantsClaim("with a number entry", List.of("acme", 7),
				invalidTenantId().withDetailStartingWith("An entry of claim 'tenants'")));
		cases.add(tenantsClaim("empty", List.of(), tenancy(400, "tenant-required")));
		cases.add(claims("tenant claim and a tenants claim naming another tenant, no header",
				(claims) -> claims.put("tenants", List.of("globex")), tenancy(400, "tenant-selection-required")));
		cases.add(new Case("SQL in the tenant claim of a project creation",
				send("POST", PROJECTS, this.tokens.signed((claims) -> claims.put("tenant_id", "a'; drop table tasks")),
						"{\"name\":\"planted\"}"),
				invalidTenantId()));
		cases.add(new Case("unknown tenant creating a project",
				send("POST", PROJECTS, this.tokens.signed((claims) -> claims.put("tenant_id", "nosuchco")),
						"{\"name\":\"planted\"}"),
				tenancy(403, "unknown-tenant")));
		return run(cases);
	}

	@TestFactory
	@Order(3)
	Stream<DynamicTest> tenantHeadersCannotWidenTheToken() {
		String consultant = this.api.token("consultant-client");
		String acme = this.api.token("acme-client");
		String admin = this.api.token("platform-admin");
		ExpectedProblem denied = tenancy(403, "tenant-access-denied");
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("tenants claim, no X-Tenant-ID", list(consultant),
				tenancy(400, "tenant-selection-required")));
		cases.add(selecting("tenants claim, X-Tenant-ID naming a tenant not in it", consultant, "initech", denied));
		cases.add(selecting("tenants claim, X-Tenant-ID naming the suspended tenant", consultant, "hooli", denied));
		cases.add(selecting("tenants claim, X-Tenant-ID naming an unknown tenant", consultant, "nosuchco", denied));
		cases.add(new Case("tenants claim, X-Tenant-ID twice naming two of its tenants",
				() -> this.http.request("GET", PROJECTS)
					.bearer(consultant)
					.header("X-Tenant-ID", "acme")
					.header("X-Tenant-ID", "globex")
					.send(),
				tenancy(403, "tenant-conflict")));
		cases.add(selecting("tenants claim, X-Tenant-ID in upper case", consultant, "ACME", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID listing two tenants", consultant, "acme,globex",
				invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID empty", consultant, "", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID with SQL", consultant, "acme' OR '1'='1", invalidTenantId()));
		cases.add(selecting("tenants claim, X-Tenant-ID with a Latin-1 look-alike", consultant, "acm\u00e9",
				invalidTenantId()));
		cases.add(selecting("tenant claim acme, X-Tenant-ID globex", acme, "globex", denied));
		cases.add(selecting("tenant claim acme, X-Tenant-ID malformed", acme, "GLOBEX", invalidTenantId()));
		cases.add(new Case("tenant claim acme, X-Tenant-ID globex, deleting acme's project",
				() -> this.http.request("DELETE", project("acme")).bearer(acme).header("X-Tenant-ID", "globex").send(),
				denied));
		cases.add(new Case("tenant claim acme, X-Tenant-ID globex, creating a project",
				() -> this.http.request("POST", PROJECTS)
					.bearer(acme)
					.header("X-Tenant-ID", "globex")
					.json("{\"name\":\"planted\"}")
					.send(),
				denied));
		cases.add(selecting("tenant claim acme, X-Tenant-ID of 10,000 characters", acme, "a".repeat(10_000),
				refusedByTomcat()));
		cases.add(new Case("no tenant claim (platform admin), no header", list(admin),
				tenancy(400, "tenant-required")));
		ExpectedProblem noReason = tenancy(400, "access-reason-required");
		cases.add(selecting("platform admin, X-Tenant-ID acme, no reason", admin, "acme", noReason));
		cases.add(new Case("platform admin, X-Tenant-ID acme, a reason with a control character (tab)",
				() -> this.http.request("GET", PROJECTS)
					.bearer(admin)
					.header("X-Tenant-ID", "acme")
					.header("X-Access-Reason", "ticket 1\tforged")
					.send(),
				noReason));
		cases.add(new Case("platform admin, X-Tenant-ID acme, a reason, creating a project",
				() -> this.http.request("POST", PROJECTS)
					.bearer(admin)
					.header("X-Tenant-ID", "acme")
					.header("X-Access-Reason", "ticket 4711")
					.json("{\"name\":\"planted\"}")
					.send(),
				denied));
		cases.add(new Case("platform admin, X-Tenant-ID acme, a reason, deleting acme's project",
				() -> this.http.request("DELETE", project("acme"))
					.bearer(admin)
					.header("X-Tenant-ID", "acme")
					.header("X-Access-Reason", "ticket 4711")
					.send(),
				denied));
		cases.add(new Case("platform admin, X-Tenant-ID of an unknown tenant, a reason",
				() -> this.http.request("GET", PROJECTS)
					.bearer(admin)
					.header("X-Tenant-ID", "nosuchco")
					.header("X-Access-Reason", "ticket 4711")
					.send(),
				tenancy(403, "unknown-tenant")));
		return run(cases);
	}

	@TestFactory
	@Order(4)
	Stream<DynamicTest> suspendedTenantIsLockedOnEveryEndpoint() {
		String hooli = this.api.token("hooli-client");
		ExpectedProblem locked = tenancy(423, "tenant-not-active");
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("suspended tenant lists projects", list(hooli), locked));
		cases.add(new Case("suspended tenant creates a project", send("POST", PROJECTS, hooli, "{\"name\":\"x\"}"),
				locked));
		cases.add(new Case("suspended tenant reads another tenant's project", get(project("acme"), hooli), locked));
		cases.add(new Case("suspended tenant deletes another tenant's project",
				send("DELETE", project("acme"), hooli, null), locked));
		cases.add(new Case("suspended tenant completes all tasks", send("POST", "/api/tasks/complete-all", hooli, null),
				locked));
		cases.add(new Case("suspended tenant reads stats", get("/api/stats", hooli), locked));
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
				String path = project(owner);
				String on = caller + " on " + owner + "'s project: ";
				cases.add(new Case(on + "GET", get(path, token), projectNotFound()));
				cases.add(new Case(on + "GET accepting HTML only",
						() -> this.http.request("GET", path).bearer(token).header("Accept", "text/html").send(),
						projectNotFound()));
				cases.add(new Case(on + "PUT", send("PUT", path, token, "{\"name\":\"hijacked\"}"), projectNotFound()));
				cases.add(new Case(on + "DELETE", send("DELETE", path, token, null), projectNotFound()));
				cases.add(new Case(on + "GET tasks", get(path + "/tasks", token), projectNotFound()));
				cases.add(new Case(on + "POST task", send("POST", path + "/tasks", token, "{\"title\":\"planted\"}"),
						projectNotFound()));
			}
		}
		String consultant = this.api.token("consultant-client");
		cases.add(new Case("consultant choosing globex, on acme's project: PUT",
				() -> this.http.request("PUT", project("acme"))
					.bearer(consultant)
					.header("X-Tenant-ID", "globex")
					.json("{\"name\":\"hijacked\"}")
					.send(),
				projectNotFound()));
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
		tests.add(scoped("stats with another tenant named in the query",
				get("/api/stats?tenant_id=acme&tenant=acme", globex), (reply) -> {
					assertThat(reply.json().path("projects").asLong()).isOne();
					assertThat(reply.json().path("tasks").asLong()).isOne();
				}));
		tests.add(scoped("search for another tenant's task title", get("/api/tasks/search?q=acme", globex),
				(reply) -> assertThat(reply.json().size()).isZero()));
		tests.add(scoped("search for every tenant's task titles", get("/api/tasks/search?q=task", initech),
				(reply) -> {
					assertThat(reply.json().size()).isOne();
					assertThat(reply.json().get(0).path("title").asString()).isEqualTo("initech task");
				}));
		tests.add(scoped("list with another tenant named in the query", get(PROJECTS + "?tenant_id=acme", initech),
				(reply) -> {
					assertThat(reply.json().path("content").size()).isOne();
					assertThat(reply.json().path("content").get(0).path("id").asString())
						.isEqualTo(this.projects.get("initech"));
				}));
		tests.add(scoped("complete-all leaves acme's open task alone",
				send("POST", "/api/tasks/complete-all", globex, null),
				(reply) -> assertThat(reply.json().path("updated").asInt()).isZero()));
		return tests.stream();
	}

	@TestFactory
	@Order(7)
	Stream<DynamicTest> malformedIdsPathsAndParametersAreRejected() {
		String acme = this.api.token("acme-client");
		List<Case> cases = new ArrayList<>();
		for (String[] id : new String[][] { { "not a UUID", "not-a-uuid" }, { "a number", "42" },
				{ "negative", "-1" }, { "an overflowing number", "99999999999999999999999999" },
				{ "a UUID with a non-hex digit", "0190c5d8-7e2a-7b3c-9d4e-5f6a7b8c9d0g" },
				{ "a UUID with an extra group", "0190c5d8-7e2a-7b3c-9d4e-5f6a7b8c9d0e-0000" },
				{ "SQL", "1%20OR%201=1" } }) {
			cases.add(new Case("GET project, id " + id[0], get(PROJECTS + "/" + id[1], acme), badRequest()));
		}
		cases.add(new Case("PUT project, negative id", send("PUT", PROJECTS + "/-1", acme, "{\"name\":\"x\"}"),
				badRequest()));
		cases.add(new Case("DELETE project, overflowing id",
				send("DELETE", PROJECTS + "/99999999999999999999", acme, null), badRequest()));
		cases.add(new Case("POST task, id not a UUID", send("POST", PROJECTS + "/x/tasks", acme, "{\"title\":\"x\"}"),
				badRequest()));
		cases.add(new Case("GET tasks, id a number", get(PROJECTS + "/7/tasks", acme), badRequest()));
		cases.add(new Case("GET project, the nil UUID", get(PROJECTS + "/" + new UUID(0, 0), acme),
				projectNotFound()));
		// Tomcat refuses the first three itself, Spring Security's firewall the others
		for (String[] path : new String[][] { { "an encoded NUL", "/api/projects/%00" },
				{ "an encoded slash", "/api/projects/a%2Fb" }, { "an encoded backslash", "/api/projects/a%5Cb" },
				{ "a path parameter", "/api/projects;tenant=globex" }, { "a double slash", "/api//projects" },
				{ "an encoded dot segment", "/api/projects/%2e%2e/stats" },
				{ "an encoded percent", "/api/projects/%25" } }) {
			cases.add(new Case("path with " + path[0], get(path[1], acme), badRequest()));
		}
		cases.add(new Case("the error page, requested directly", get("/error", acme), status(404)));
		cases.add(new Case("a path that does not exist", get("/api/nothing", acme), status(404)));
		cases.add(new Case("list, size 0", get(PROJECTS + "?size=0", acme), badRequest()));
		cases.add(new Case("list, size 101", get(PROJECTS + "?size=101", acme), badRequest()));
		cases.add(new Case("list, negative page", get(PROJECTS + "?page=-1", acme), badRequest()));
		cases.add(new Case("list, size not a number", get(PROJECTS + "?size=ten", acme), badRequest()));
		cases.add(new Case("list, page overflowing an int", get(PROJECTS + "?page=2147483648", acme), badRequest()));
		cases.add(new Case("list, page whose offset overflows an int",
				get(PROJECTS + "?page=2147483647&size=100", acme), badRequest()));
		cases.add(new Case("search without q", get("/api/tasks/search", acme), badRequest()));
		cases.add(new Case("search, q of 201 characters", get("/api/tasks/search?q=" + "x".repeat(201), acme),
				badRequest()));
		cases.add(new Case("search, q with a NUL byte", get("/api/tasks/search?q=a%00b", acme), badRequest()));
		return run(cases);
	}

	@TestFactory
	@Order(8)
	Stream<DynamicTest> malformedBodiesAreRejected() {
		String acme = this.api.token("acme-client");
		String project = project("acme");
		byte[] invalidUtf8 = { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' };
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
		cases.add(create("name nested 10,000 arrays deep",
				"{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", badRequest()));
		cases.add(create("name of 201 characters", "{\"name\":\"" + "n".repeat(201) + "\"}", invalidField("name")));
		cases.add(create("name of 100,000 characters", "{\"name\":\"" + "n".repeat(100_000) + "\"}",
				invalidField("name")));
		cases.add(create("name with a NUL byte", "{\"name\":\"a\\u0000b\"}", invalidField("name")));
		cases.add(create("description of 2,001 characters",
				"{\"name\":\"Plan\",\"description\":\"" + "d".repeat(2001) + "\"}", invalidField("description")));
		cases.add(create("description with a NUL byte", "{\"name\":\"Plan\",\"description\":\"a\\u0000b\"}",
				invalidField("description")));
		cases.add(create("description a number", "{\"name\":\"Plan\",\"description\":42}", badRequest()));
		cases.add(new Case("create, invalid UTF-8 in the name", body("POST", PROJECTS, acme, "application/json",
				invalidUtf8), badRequest()));
		cases.add(new Case("create with text/plain", body("POST", PROJECTS, acme, "text/plain",
				utf8("{\"name\":\"x\"}")), status(415)));
		cases.add(new Case("create with application/xml", body("POST", PROJECTS, acme, "application/xml",
				utf8("<project><name>x</name></project>")), status(415)));
		cases.add(new Case("create with a form", body("POST", PROJECTS, acme, "application/x-www-form-urlencoded",
				utf8("name=x")), status(415)));
		cases.add(new Case("create without a content type", body("POST", PROJECTS, acme, null,
				utf8("{\"name\":\"x\"}")), status(415)));
		cases.add(new Case("rename with truncated JSON", send("PUT", project, acme, "{\"name\":\"x\""), badRequest()));
		cases.add(new Case("rename with text/plain", body("PUT", project, acme, "text/plain", utf8("x")),
				status(415)));
		cases.add(new Case("rename to a name of 201 characters",
				send("PUT", project, acme, "{\"name\":\"" + "n".repeat(201) + "\"}"), invalidField("name")));
		cases.add(new Case("add a task without a title", send("POST", project + "/tasks", acme, "{}"),
				invalidField("title")));
		cases.add(new Case("add a task with a title of 501 characters",
				send("POST", project + "/tasks", acme, "{\"title\":\"" + "t".repeat(501) + "\"}"),
				invalidField("title")));
		cases.add(new Case("add a task with a title that is a number",
				send("POST", project + "/tasks", acme, "{\"title\":7}"), badRequest()));
		cases.add(new Case("add a task with a NUL byte in the title",
				send("POST", project + "/tasks", acme, "{\"title\":\"a\\u0000b\"}"), invalidField("title")));
		cases.add(new Case("list, accepting XML only",
				() -> this.http.request("GET", PROJECTS).bearer(acme).header("Accept", "application/xml").send(),
				status(406)));
		cases.add(new Case("PATCH a project", send("PATCH", project, acme, "{\"name\":\"x\"}"), status(405)));
		cases.add(new Case("DELETE all projects", send("DELETE", PROJECTS, acme, null), status(405)));
		cases.add(new Case("GET complete-all", get("/api/tasks/complete-all", acme), status(405)));
		return run(cases);
	}

	@TestFactory
	@Order(9)
	Stream<DynamicTest> oversizedBodiesAreContentTooLarge() {
		String acme = this.api.token("acme-client");
		String project = project("acme");
		// valid bodies padded with an unknown field: only their size is wrong
		byte[] overLimit = padded("{\"name\":\"big\",\"padding\":\"%s\"}", 1024 * 1024 + 1);
		byte[] taskOverLimit = padded("{\"title\":\"big\",\"padding\":\"%s\"}", 1024 * 1024 + 1);
		byte[] chunkedOverLimit = padded("{\"name\":\"big\",\"padding\":\"%s\"}", 3 * 512 * 1024);
		long fiveMegabytes = 5L * 1024 * 1024;
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("create, body just over 1 MB", body("POST", PROJECTS, acme, "application/json", overLimit),
				contentTooLarge()));
		cases.add(new Case("create, 1.5 MB body in chunks of unknown total size",
				() -> this.http.request("POST", PROJECTS).bearer(acme).chunked("application/json", chunkedOverLimit)
					.send(),
				contentTooLarge()));
		cases.add(new Case("create, 5 MB body declared", () -> this.http.request("POST", PROJECTS)
			.bearer(acme)
			.declaringBodyOf("application/json", fiveMegabytes), contentTooLarge()));
		cases.add(new Case("rename, 50 MB body declared", () -> this.http.request("PUT", project)
			.bearer(acme)
			.declaringBodyOf("application/json", 10 * fiveMegabytes), contentTooLarge()));
		cases.add(new Case("add a task, body just over 1 MB",
				body("POST", project + "/tasks", acme, "application/json", taskOverLimit), contentTooLarge()));
		cases.add(new Case("create without a token, 5 MB body declared",
				() -> this.http.request("POST", PROJECTS).declaringBodyOf("application/json", fiveMegabytes),
				contentTooLarge()));
		return run(cases);
	}

	@Test
	@Order(10)
	void tenantIdInTheBodyIsIgnoredWhenCreating() {
		String acme = this.api.token("acme-client");
		Reply created = send("POST", PROJECTS, acme,
				"{\"name\":\"ignored\",\"tenantId\":\"globex\",\"tenant_id\":\"globex\",\"tenant\":\"globex\"}")
			.get();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().propertyNames()).containsExactlyInAnyOrder("id", "name");
		String id = created.json().path("id").asString();
		assertThat(placesOfProject(id)).as("stored under the caller's tenant only")
			.containsExactly("primary:public:acme");
		assertThat(send("DELETE", PROJECTS + "/" + id, acme, null).get().status()).isEqualTo(204);
		assertThat(snapshot()).isEqualTo(this.rowsAtStart);
	}

	@Test
	@Order(11)
	void tenantIdAndIdInTheBodyAreIgnoredWhenRenaming() {
		// the project keeps its name, so the only change the request could make is the one it must not make
		String body = "{\"name\":\"acme plan\",\"tenantId\":\"globex\",\"tenant_id\":\"globex\",\"id\":\""
				+ this.projects.get("globex") + "\"}";
		Reply renamed = send("PUT", project("acme"), this.api.token("acme-client"), body).get();
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.json().path("id").asString()).isEqualTo(this.projects.get("acme"));
		assertThat(snapshot()).isEqualTo(this.rowsAtStart);
	}

	@Test
	@Order(12)
	void tenantIdAndProjectIdInTheBodyAreIgnoredWhenAddingATask() {
		String initech = this.api.token("initech-client");
		Reply scratch = send("POST", PROJECTS, initech, "{\"name\":\"scratch\"}").get();
		assertThat(scratch.status()).isEqualTo(201);
		String scratchId = scratch.json().path("id").asString();
		String body = "{\"title\":\"ignored\",\"tenantId\":\"acme\",\"tenant_id\":\"acme\",\"projectId\":\""
				+ this.projects.get("acme") + "\"}";
		Reply task = send("POST", PROJECTS + "/" + scratchId + "/tasks", initech, body).get();
		assertThat(task.status()).as(task.toString()).isEqualTo(201);
		assertThat(task.json().propertyNames()).containsExactlyInAnyOrder("id", "title", "done");
		assertThat(new JdbcTemplate(initechDb.adminDataSource()).queryForList(
				"select tenant_id || ':' || project_id from tasks where id = ?::uuid", String.class,
				task.json().path("id").asString()))
			.containsExactly("initech:" + scratchId);
		assertThat(send("DELETE", PROJECTS + "/" + scratchId, initech, null).get().status()).isEqualTo(204);
		assertThat(snapshot()).isEqualTo(this.rowsAtStart);
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void noTenantsRowsChangedOverTheWholeSuite() {
		assertThat(snapshot()).isEqualTo(this.rowsAtStart);
	}

	/**
	 * One bad request and the answer it must get.
	 *
	 * @param name what is wrong with the request, the test's display name
	 * @param request sends the request
	 * @param expected the answer
	 */
	record Case(String name, Supplier<Reply> request, ExpectedProblem expected) {

	}

	private Stream<DynamicTest> run(List<Case> cases) {
		assertThat(cases.stream().map(Case::name).distinct()).as("case names are distinct").hasSize(cases.size());
		return cases.stream().map((c) -> dynamicTest(c.name(), () -> {
			Map<String, String> rowsBefore = snapshot();
			c.expected().assertMatches(c.request().get());
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

	/** Lists projects with a token minted by the issuer's key whose claims are changed. */
	private Case claims(String name, Consumer<Map<String, Object>> claims, ExpectedProblem expected) {
		return new Case(name, list(this.tokens.signed(claims)), expected);
	}

	/** Lists projects with a token minted by the issuer's key whose {@code tenant_id} is the value. */
	private Case claim(String what, @Nullable Object value, ExpectedProblem expected) {
		return claims("tenant claim " + what, (claims) -> claims.put("tenant_id", value), expected);
	}

	/** Lists projects with a token minted by the issuer's key with no {@code tenant_id} and the {@code tenants}. */
	private Case tenantsClaim(String what, Object value, ExpectedProblem expected) {
		return claims("tenants claim " + what, (claims) -> {
			claims.remove("tenant_id");
			claims.put("tenants", value);
		}, expected);
	}

	private Case selecting(String name, String token, String header, ExpectedProblem expected) {
		return new Case(name, () -> this.http.request("GET", PROJECTS).bearer(token).header("X-Tenant-ID", header)
			.send(), expected);
	}

	private Case create(String name, String json, ExpectedProblem expected) {
		return new Case("create, " + name, send("POST", PROJECTS, this.api.token("acme-client"), json), expected);
	}

	private Supplier<Reply> list(@Nullable String token) {
		return get(PROJECTS, token);
	}

	private Supplier<Reply> get(String path, @Nullable String token) {
		return () -> this.http.request("GET", path).bearer(token).send();
	}

	/** Sends the JSON body, if any, as {@code application/json}. */
	private Supplier<Reply> send(String method, String path, @Nullable String token, @Nullable String json) {
		return () -> {
			HttpProbe.Exchange exchange = this.http.request(method, path).bearer(token);
			return ((json != null) ? exchange.json(json) : exchange).send();
		};
	}

	private Supplier<Reply> body(String method, String path, String token, @Nullable String contentType,
			byte[] body) {
		return () -> this.http.request(method, path).bearer(token).body(contentType, body).send();
	}

	private String project(String tenant) {
		return PROJECTS + "/" + this.projects.get(tenant);
	}

	private Map<String, String> snapshot() {
		Map<String, DataSource> databases = new LinkedHashMap<>();
		databases.put("primary", db.adminDataSource());
		databases.put("initech-db", initechDb.adminDataSource());
		return TenantRowsSnapshot.of(databases);
	}

	/** Where a project's rows are, across every placement: {@code database:schema:tenant}. */
	private static List<String> placesOfProject(String id) {
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

	private static String decodeBase64Url(String text) {
		return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The template with its one {@code %s} filled so that the whole is the given number of bytes. */
	private static byte[] padded(String template, int size) {
		int padding = size - String.format(template, "").length();
		return utf8(String.format(template, "x".repeat(padding)));
	}

}
