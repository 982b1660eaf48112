package dev.tenancy.sample;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.tenancy.sample.ApiClient.Response;
import dev.tenancy.test.TenancyTestDatabase;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's HTTP contract, end to end over real HTTP: tokens from the embedded issuer, tenants resolved from
 * them, data isolated per tenant in a fresh PostgreSQL database reached as the restricted runtime role.
 * <p>
 * Isolation tests first prove through the superuser connection that the other tenant's rows are there.
 */
// the bootstrap runs before any bean, too early for @DynamicPropertySource, so it is switched off here
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.bootstrap.enabled=false")
@DirtiesContext
class SampleApplicationIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(SampleApplicationIT.class);

	/** initech's own database (DATABASE placement); globex gets its schema in {@link #db} at start-up. */
	static final TenancyTestDatabase initechDb = TenancyTestDatabase.create(SampleApplicationIT.class);

	static final String PROBLEM_TYPES = "https://tenancy.dev/problems/";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		db.registerSpringProperties(registry);
		registry.add("spring.flyway.placeholders.appRole", () -> TenancyTestDatabase.APP_ROLE);
		registry.add("sample.bootstrap.enabled", () -> "false");
		registry.add("tenancy.tenants.initech.database", initechDb::name);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
		initechDb.close();
	}

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void emptyTables() {
		db.executeAsAdmin("delete from tasks; delete from projects; delete from t_globex.tasks; delete from t_globex.projects;");
		initechDb.executeAsAdmin("delete from tasks; delete from projects;");
		this.api = new ApiClient(this.port);
	}

	@Test
	void eachTenantsRowsLandInItsPlacement() {
		for (String tenant : new String[] { "acme", "globex", "initech" }) {
			assertThat(this.api.as(tenant + "-client").post("/api/projects", "{\"name\":\"" + tenant + "-plan\"}").status())
				.isEqualTo(201);
		}
		// SHARED: the shared tables; SCHEMA: the tenant's schema; DATABASE: the tenant's own database
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForList("select tenant_id || ':' || name from public.projects",
				String.class)).containsExactly("acme:acme-plan");
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForList("select tenant_id || ':' || name from t_globex.projects",
				String.class)).containsExactly("globex:globex-plan");
		assertThat(new JdbcTemplate(initechDb.adminDataSource()).queryForList("select tenant_id || ':' || name from projects",
				String.class)).containsExactly("initech:initech-plan");
		for (String tenant : new String[] { "acme", "globex", "initech" }) {
			JsonNode page = this.api.as(tenant + "-client").get("/api/projects").json();
			assertThat(page.path("page").path("totalElements").asInt()).as(tenant).isEqualTo(1);
			assertThat(page.path("content").get(0).path("name").asString()).isEqualTo(tenant + "-plan");
			assertThat(this.api.as(tenant + "-client").get("/api/stats").json().path("projects").asInt()).isEqualTo(1);
		}
	}

	@Test
	void aProjectsDescriptionIsStoredEncryptedWithItsTenantsOwnKey() {
		for (String tenant : new String[] { "acme", "globex", "initech" }) {
			Response created = this.api.as(tenant + "-client")
				.post("/api/projects", "{\"name\":\"Launch\",\"description\":\"" + tenant + " goes public on 1 April\"}");
			assertThat(created.status()).isEqualTo(201);
			String id = created.json().path("id").asString();
			assertThat(this.api.as(tenant + "-client").get("/api/projects/" + id).json().path("description").asString())
				.isEqualTo(tenant + " goes public on 1 April");
		}
		// what the superuser sees in each placement: ciphertext
		List<String> stored = new ArrayList<>(new JdbcTemplate(db.adminDataSource())
			.queryForList("select description from public.projects union all select description from t_globex.projects",
					String.class));
		stored.addAll(new JdbcTemplate(initechDb.adminDataSource()).queryForList("select description from projects",
				String.class));
		assertThat(stored).hasSize(3).allSatisfy((text) -> assertThat(text).isNotBlank().doesNotContain("public"));
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForList(
				"select subject_tenant from tenancy.tenant_keys where keyset is not null order by 1", String.class))
			.containsExactly("acme", "globex", "initech");
		// a project without one shows none
		Response plain = this.api.as("acme-client").post("/api/projects", "{\"name\":\"Plain\"}");
		assertThat(plain.json().propertyNames()).containsExactlyInAnyOrder("id", "name");
	}

	@Test
	void tenantManagesItsProjectsAndTasks() {
		Response created = this.api.as("acme-client").post("/api/projects", "{\"name\":\"Roadmap\"}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.contentType()).isEqualTo(MediaType.APPLICATION_JSON);
		String id = created.json().path("id").asString();
		assertThat(created.json().propertyNames()).containsExactlyInAnyOrder("id", "name");
		assertThat(created.json().path("name").asString()).isEqualTo("Roadmap");
		assertThat(created.headers().getLocation()).hasToString("http://localhost:" + this.port + "/api/projects/" + id);

		Response task = this.api.as("acme-client").post("/api/projects/" + id + "/tasks", "{\"title\":\"Draft\"}");
		assertThat(task.status()).isEqualTo(201);
		assertThat(task.json().propertyNames()).containsExactlyInAnyOrder("id", "title", "done");
		assertThat(task.json().path("done").asBoolean()).isFalse();
		this.api.as("acme-client").post("/api/projects/" + id + "/tasks", "{\"title\":\"Review\"}");

		assertThat(titles(this.api.as("acme-client").get("/api/projects/" + id + "/tasks").json()))
			.containsExactly("Draft", "Review");
		Response renamed = this.api.as("acme-client").put("/api/projects/" + id, "{\"name\":\"Plan\"}");
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(this.api.as("acme-client").get("/api/projects/" + id).json().path("name").asString())
			.isEqualTo("Plan");

		JsonNode page = this.api.as("acme-client").get("/api/projects?page=0&size=10").json();
		assertThat(page.path("content").size()).isOne();
		assertThat(page.path("content").get(0).path("id").asString()).isEqualTo(id);
		assertThat(page.path("page").path("size").asInt()).isEqualTo(10);
		assertThat(page.path("page").path("number").asInt()).isZero();
		assertThat(page.path("page").path("totalElements").asInt()).isOne();
		assertThat(page.path("page").path("totalPages").asInt()).isOne();

		JsonNode stats = this.api.as("acme-client").get("/api/stats").json();
		assertThat(stats.path("projects").asInt()).isOne();
		assertThat(stats.path("tasks").asInt()).isEqualTo(2);

		assertThat(this.api.as("acme-client").delete("/api/projects/" + id).status()).isEqualTo(204);
		assertNotFound(this.api.as("acme-client").get("/api/projects/" + id));
		assertThat(adminCount("select count(*) from tasks")).as("tasks cascade with their project").isZero();
	}

	@Test
	void anotherTenantsProjectIsNotFoundOnEveryEndpoint() {
		String acmeProject = createProject("acme-client", "Acme secret plan");
		createTask("acme-client", acmeProject, "Acme secret task");
		assertThat(adminCount("select count(*) from projects where tenant_id = 'acme' and id = '" + acmeProject + "'"))
			.as("acme's project exists").isOne();

		String path = "/api/projects/" + acmeProject;
		assertNotFound(this.api.as("globex-client").get(path));
		assertNotFound(this.api.as("globex-client").put(path, "{\"name\":\"Hijacked\"}"));
		assertNotFound(this.api.as("globex-client").delete(path));
		assertNotFound(this.api.as("globex-client").get(path + "/tasks"));
		assertNotFound(this.api.as("globex-client").post(path + "/tasks", "{\"title\":\"Planted\"}"));

		assertThat(adminCount("select count(*) from projects where tenant_id = 'acme' and id = '" + acmeProject
				+ "' and name = 'Acme secret plan'"))
			.as("acme's project is still there, unchanged").isOne();
		assertThat(adminCount("select count(*) from tasks where tenant_id = 'acme'")).isOne();
		assertThat(adminCount("select count(*) from tasks where tenant_id = 'globex'")).isZero();
		assertThat(this.api.as("acme-client").get(path).status()).isEqualTo(200);
	}

	@Test
	void listsSearchAndStatsShowOnlyTheCallersData() {
		String acmeProject = createProject("acme-client", "Acme roadmap");
		createTask("acme-client", acmeProject, "shared word acme");
		String globexProject = createProject("globex-client", "Globex roadmap");
		createTask("globex-client", globexProject, "shared word globex");
		assertThat(adminCount("select count(*) from tasks where title like 'shared word%'")).isEqualTo(2);

		JsonNode globexPage = this.api.as("globex-client").get("/api/projects").json();
		assertThat(globexPage.path("content").size()).isOne();
		assertThat(globexPage.path("content").get(0).path("name").asString()).isEqualTo("Globex roadmap");
		assertThat(globexPage.path("page").path("totalElements").asInt()).isOne();

		assertThat(titles(this.api.as("globex-client").get("/api/tasks/search?q=shared").json()))
			.containsExactly("shared word globex");
		assertThat(titles(this.api.as("globex-client").get("/api/tasks/search?q=acme").json())).isEmpty();
		assertThat(titles(this.api.as("acme-client").get("/api/tasks/search?q=shared").json()))
			.containsExactly("shared word acme");

		JsonNode stats = this.api.as("globex-client").get("/api/stats").json();
		assertThat(stats.path("projects").asInt()).isOne();
		assertThat(stats.path("tasks").asInt()).isOne();
		assertThat(this.api.as("initech-client").get("/api/stats").json().path("projects").asInt()).isZero();
	}

	@Test
	void searchMatchesWildcardCharactersLiterally() {
		String project = createProject("acme-client", "Search");
		for (String title : List.of("100% done", "1000 done", "a_b", "axb", "back\\slash")) {
			createTask("acme-client", project, title);
		}
		assertThat(titles(this.api.as("acme-client").get("/api/tasks/search", "q", "%").json())).containsExactly("100% done");
		assertThat(titles(this.api.as("acme-client").get("/api/tasks/search", "q", "_").json())).containsExactly("a_b");
		assertThat(titles(this.api.as("acme-client").get("/api/tasks/search", "q", "\\").json()))
			.containsExactly("back\\slash");
	}

	@Test
	void completeAllCountsOnlyTheCallersTasks() {
		String acmeProject = createProject("acme-client", "Acme");
		createTask("acme-client", acmeProject, "one");
		createTask("acme-client", acmeProject, "two");
		String globexProject = createProject("globex-client", "Globex");
		createTask("globex-client", globexProject, "three");

		Response completed = this.api.as("acme-client").post("/api/tasks/complete-all", null);
		assertThat(completed.status()).isEqualTo(200);
		assertThat(completed.json().path("updated").asInt()).isEqualTo(2);
		assertThat(this.api.as("acme-client").post("/api/tasks/complete-all", null).json().path("updated").asInt())
			.isZero();
		assertThat(adminCount("select count(*) from tasks where tenant_id = 'globex' and not done")).isOne();
		assertThat(this.api.as("globex-client").get("/api/projects/" + globexProject + "/tasks").json().get(0)
			.path("done").asBoolean()).isFalse();
	}

	@Test
	void consultantMustChooseOneOfItsTenants() {
		createProject("acme-client", "Acme only");
		String globexProject = createProject("globex-client", "Globex only");
		JsonNode claims = ApiClient.claims(this.api.token("consultant-client"));
		assertThat(claims.has("tenant_id")).isFalse();
		assertThat(claims.path("tenants").size()).isEqualTo(2);

		Response unchosen = this.api.as("consultant-client").get("/api/projects");
		assertProblem(unchosen, 400, "tenant-selection-required");

		Response chosen = this.api.as("consultant-client").header("X-Tenant-ID", "globex").get("/api/projects");
		assertThat(chosen.status()).isEqualTo(200);
		assertThat(chosen.json().path("content").size()).isOne();
		assertThat(chosen.json().path("content").get(0).path("id").asString()).isEqualTo(globexProject);

		assertProblem(this.api.as("consultant-client").header("X-Tenant-ID", "initech").get("/api/projects"), 403,
				"tenant-access-denied");
	}

	@Test
	void headerNamingAnotherTenantThanTheTokenIsForbidden() {
		assertProblem(this.api.as("acme-client").header("X-Tenant-ID", "globex").get("/api/projects"), 403,
				"tenant-access-denied");
		assertThat(this.api.as("acme-client").header("X-Tenant-ID", "acme").get("/api/projects").status())
			.isEqualTo(200);
	}

	@Test
	void platformAdministratorTokenHasNoTenantAndIsRefusedTenantData() {
		JsonNode claims = ApiClient.claims(this.api.token("platform-admin"));
		assertThat(claims.path("scope").toString()).contains("tenancy.admin");
		assertThat(claims.has("tenant_id")).isFalse();
		assertThat(claims.has("tenants")).isFalse();
		Response response = this.api.as("platform-admin").get("/api/projects");
		assertThat(response.status()).isBetween(400, 499);
		assertThat(response.isProblem()).as("problem+json").isTrue();
		assertThat(response.problemType()).startsWith(PROBLEM_TYPES);
	}

	@Test
	void platformAdministratorReadsATenantGivingAReasonAndIsRecorded() {
		String id = this.api.as("acme-client")
			.post("/api/projects", "{\"name\":\"Roadmap\"}")
			.json()
			.path("id")
			.asString();
		long recordedBefore = auditEvents("acme");

		Response read = this.api.as("platform-admin")
			.header("X-Tenant-ID", "acme")
			.header("X-Access-Reason", "ticket 4711: project missing")
			.get("/api/projects/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("name").asString()).isEqualTo("Roadmap");
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForList("select actor || '|' || reason || '|' || detail "
				+ "from tenancy.audit_events where subject_tenant = 'acme' and action = 'PLATFORM_ACCESS' "
				+ "order by seq desc limit 1", String.class))
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("platform-admin|ticket 4711: project missing|GET /api/projects/" + id + "; issuer http");
		assertThat(auditEvents("acme")).isEqualTo(recordedBefore + 1);

		// reads only; a write is refused before it is recorded or reaches the database
		Response delete = this.api.as("platform-admin")
			.header("X-Tenant-ID", "acme")
			.header("X-Access-Reason", "ticket 4711")
			.delete("/api/projects/" + id);
		assertThat(delete.status()).isEqualTo(403);
		assertThat(delete.problemType()).isEqualTo(PROBLEM_TYPES + "tenant-access-denied");
		assertThat(adminCount("select count(*) from projects where id = '" + id + "'")).isOne();
		assertThat(auditEvents("acme")).isEqualTo(recordedBefore + 1);
	}

	@Test
	void suspendedTenantIsLocked() {
		assertProblem(this.api.as("hooli-client").get("/api/projects"), 423, "tenant-not-active");
	}

	@Test
	void requestWithoutTokenIsUnauthorized() {
		Response response = this.api.withToken(null).get("/api/projects");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.isProblem()).as("problem+json").isTrue();
	}

	@Test
	void tokenSignedByAnotherKeyIsUnauthorized() throws Exception {
		String keyId = this.api.withToken(null).get("/oauth2/jwks").json().path("keys").get(0).path("kid").asString();
		RSAKey otherKey = new RSAKeyGenerator(2048).keyID(keyId).generate();
		Instant now = Instant.now();
		String forged = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(otherKey)))
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build(),
					JwtClaimsSet.builder()
						.subject("acme-client")
						.claim("tenant_id", "acme")
						.issuedAt(now)
						.expiresAt(now.plus(5, ChronoUnit.MINUTES))
						.build()))
			.getTokenValue();
		assertThat(this.api.withToken(forged).get("/api/projects").status()).isEqualTo(401);
		assertThat(this.api.withToken("not-a-jwt").get("/api/projects").status()).isEqualTo(401);
	}

	@Test
	void tokenEndpointRejectsWrongSecret() {
		assertThat(this.api.requestToken("acme-client", "globex-secret").status()).isEqualTo(401);
	}

	@Test
	void invalidRequestsAreBadRequestProblems() {
		Response blank = this.api.as("acme-client").post("/api/projects", "{\"name\":\"  \"}");
		assertBadRequest(blank);
		assertThat(blank.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
		assertBadRequest(this.api.as("acme-client").post("/api/projects", "{}"));
		assertBadRequest(this.api.as("acme-client").post("/api/projects", "{\"name\":"));
		Response badSize = this.api.as("acme-client").get("/api/projects?size=0");
		assertBadRequest(badSize);
		assertThat(badSize.json().path("errors").get(0).path("parameter").asString()).isEqualTo("size");
		String project = createProject("acme-client", "Valid");
		assertBadRequest(this.api.as("acme-client").put("/api/projects/" + project, "{\"name\":\"\"}"));
		assertBadRequest(this.api.as("acme-client").post("/api/projects/" + project + "/tasks", "{}"));
		Response malformedId = this.api.as("acme-client").get("/api/projects/not-a-uuid");
		assertThat(malformedId.status()).isIn(400, 404);
		assertThat(malformedId.isProblem()).isTrue();
		assertNotFound(this.api.as("acme-client").get("/api/projects/" + UUID.randomUUID()));
	}

	private String createProject(String client, String name) {
		Response response = this.api.as(client).post("/api/projects", "{\"name\":\"" + name + "\"}");
		assertThat(response.status()).isEqualTo(201);
		return response.json().path("id").asString();
	}

	private void createTask(String client, String projectId, String title) {
		String body = "{\"title\":\"" + title.replace("\\", "\\\\") + "\"}";
		assertThat(this.api.as(client).post("/api/projects/" + projectId + "/tasks", body).status()).isEqualTo(201);
	}

	private static List<String> titles(JsonNode tasks) {
		List<String> titles = new ArrayList<>();
		tasks.forEach((task) -> titles.add(task.path("title").asString()));
		return titles;
	}

	private static void assertNotFound(Response response) {
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).as("problem+json").isTrue();
		assertThat(response.problemType()).endsWith("/project-not-found");
	}

	private static void assertBadRequest(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.isProblem()).as("problem+json").isTrue();
		assertThat(response.json().path("status").asInt()).isEqualTo(400);
		// RFC 9457: an absent type means about:blank, a problem described by its status alone
		assertThat(response.json().path("type").asString("about:blank")).isEqualTo("about:blank");
	}

	private static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.isProblem()).as("problem+json").isTrue();
		assertThat(response.problemType()).isEqualTo(PROBLEM_TYPES + type);
	}

	/** How many platform accesses to the tenant the audit trail holds, read as the superuser. */
	private static long auditEvents(String tenant) {
		Long count = new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from tenancy.audit_events where subject_tenant = ? and action = 'PLATFORM_ACCESS'",
				Long.class, tenant);
		return (count != null) ? count : 0;
	}

	/**
	 * The privileged view over every placement: the count in the shared tables, in globex's schema and in
	 * initech's database.
	 */
	private static long adminCount(String sql) {
		return adminCount(db, "public", sql) + adminCount(db, "t_globex", sql) + adminCount(initechDb, "public", sql);
	}

	private static long adminCount(TenancyTestDatabase database, String schema, String sql) {
		return new TransactionTemplate(new DataSourceTransactionManager(database.adminDataSource()))
			.execute((status) -> {
				JdbcTemplate jdbc = new JdbcTemplate(database.adminDataSource());
				jdbc.queryForObject("select set_config('search_path', ?, true)", String.class, schema);
				Long count = jdbc.queryForObject(sql, Long.class);
				return (count != null) ? count : 0L;
			});
	}

}
