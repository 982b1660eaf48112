package dev.tenancy.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.tenancy.sample.ApiClient.Response;
import dev.tenancy.test.WithTenancyDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * initech's database server is down (nothing listens on its port): initech's requests get a quick 503
 * problem+json while the other tenants are served as usual. Tenant migrations are off, so the request really
 * goes to initech's pool rather than being refused by the migration readiness check (and globex, whose schema
 * they would create, is left out).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.bootstrap.enabled=false", "tenancy.migration.mode=OFF",
				"tenancy.tenants.initech.server=down",
				"tenancy.placement.servers.down.url=jdbc:postgresql://127.0.0.1:5499/{database}",
				"tenancy.placement.servers.down.username=nobody", "tenancy.placement.servers.down.password=secret",
				"tenancy.placement.database.connection-timeout=2s" })
@WithTenancyDatabase
@DirtiesContext
class UnreachableTenantServerIT {

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void tenantOnAStoppedServerGetsAQuick503WhileOthersAreServed() throws Exception {
		ApiClient.Request initech = this.api.as("initech-client");
		ApiClient.Request acme = this.api.as("acme-client");
		long started = System.nanoTime();
		CompletableFuture<Response> initechResponse = CompletableFuture.supplyAsync(() -> initech.get("/api/projects"));
		Response acmeResponse = acme.get("/api/projects");
		Response unavailable = initechResponse.get();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
		assertThat(unavailable.isProblem()).isTrue();
		assertThat(unavailable.problemType()).isEqualTo("https://tenancy.dev/problems/tenant-unavailable");
		assertThat(unavailable.body()).contains("initech").doesNotContain("secret");
		assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
		assertThat(acmeResponse.status()).as(acmeResponse.body()).isEqualTo(200);
		// initech's pool stays unreachable; acme's work is not held up by it
		assertThat(initech.get("/api/stats").status()).isEqualTo(503);
		assertThat(acme.get("/api/stats").status()).isEqualTo(200);
	}

}
