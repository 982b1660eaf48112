package dev.tenancy.security.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.security.platform.PlatformAccess;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of several identity providers, each served over HTTP with its own keys, authenticated by
 * {@link TenantIssuerAuthenticationManagerResolver} and limited to the tenants their issuer is trusted for.
 */
@SpringBootTest(classes = TenantIssuersAuthenticationTests.TestApplication.class,
		properties = { "tenancy.tenants.acme.display-name=Acme", "tenancy.tenants.globex.display-name=Globex",
				"tenancy.tenants.initech.display-name=Initech" })
@AutoConfigureMockMvc
class TenantIssuersAuthenticationTests {

	static final TestIdentityProvider ACME = start("acme-key");

	static final TestIdentityProvider GLOBEX = startEllipticCurve("globex-key");

	static final TestIdentityProvider INITECH = start("initech-key");

	static final TestIdentityProvider PLATFORM = start("platform-key");

	static final TestIdentityProvider ROGUE = start("rogue-key");

	/** An issuer whose server takes connections and never answers. */
	static final HangingServer HANGING = new HangingServer();

	static final List<String> recorded = new CopyOnWriteArrayList<>();

	@Autowired
	MockMvcTester mvc;

	@DynamicPropertySource
	static void issuers(DynamicPropertyRegistry registry) {
		registry.add("tenancy.security.issuers.acme.issuer-uri", ACME::issuer);
		registry.add("tenancy.security.issuers.acme.tenants", () -> "acme");
		registry.add("tenancy.security.issuers.globex.issuer-uri", GLOBEX::issuer);
		registry.add("tenancy.security.issuers.globex.jwk-set-uri", GLOBEX::jwkSetUri);
		registry.add("tenancy.security.issuers.globex.tenants", () -> "globex");
		registry.add("tenancy.security.issuers.globex.audiences", () -> "api://tenancy");
		registry.add("tenancy.security.issuers.initech.issuer-uri", INITECH::issuer);
		registry.add("tenancy.security.issuers.initech.tenants", () -> "initech");
		registry.add("tenancy.security.issuers.platform.issuer-uri", PLATFORM::issuer);
		registry.add("tenancy.security.issuers.platform.all-tenants", () -> "true");
		registry.add("tenancy.security.issuers.hanging.issuer-uri", HANGING::issuer);
		registry.add("tenancy.security.issuers.hanging.tenants", () -> "umbrella");
		registry.add("tenancy.security.issuer-timeout", () -> "3s");
		registry.add("tenancy.security.issuer-retry-after", () -> "5s");
	}

	@AfterAll
	static void stopIdentityProviders() {
		List.of(ACME, GLOBEX, INITECH, PLATFORM, ROGUE).forEach(TestIdentityProvider::close);
		HANGING.close();
	}

	@BeforeEach
	void clearRecorded() {
		recorded.clear();
	}

	@Test
	void tenantsOwnIssuerNeedNotNameTheTenant() {
		assertThat(get(ACME.token(Map.of()), null)).hasStatusOk().bodyText().isEqualTo("acme");
		assertThat(get(ACME.token(Map.of("tenant_id", "acme")), null)).hasStatusOk().bodyText().isEqualTo("acme");
	}

	@Test
	void tenantsOwnIssuerCannotAuthenticateAnyoneForAnotherTenant() {
		MvcTestResult named = get(ACME.token(Map.of("tenant_id", "globex")), null);
		assertThat(named).hasStatus(401);
		assertThat(named.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.contains("may not issue tokens for tenant 'globex'");
		assertThat(get(ACME.token(Map.of("tenants", List.of("acme", "globex"))), "acme")).hasStatus(401);
		assertThat(get(ACME.token(Map.of()), "globex")).hasStatus(403);
	}

	@Test
	void tenantsOwnIssuerHoldsNothingButItsTenantsInTenantClaims() {
		assertThat(get(ACME.token(Map.of("tenant_id", 42)), null)).hasStatus(401);
		assertThat(get(ACME.token(Map.of("tenants", List.of("ACME"))), null)).hasStatus(401);
		assertThat(admin(ACME.token(Map.of("scope", "tenancy.admin", "tenants", List.of(Map.of("id", "acme"))))))
			.hasStatus(401);
	}

	@Test
	void tenantsOwnIssuerCannotGrantThePlatformAuthority() {
		assertThat(admin(PLATFORM.token(Map.of("scope", "tenancy.admin")))).hasStatusOk();
		assertThat(admin(ACME.token(Map.of("scope", "tenancy.admin")))).hasStatus(403);
		assertThat(admin(ACME.token(Map.of("scope", "tenancy.admin tenancy.read")))).hasStatus(403);
	}

	@Test
	void platformIssuerNamesAnyTenantInItsClaims() {
		assertThat(get(PLATFORM.token(Map.of("tenant_id", "globex")), null)).hasStatusOk()
			.bodyText()
			.isEqualTo("globex");
		assertThat(get(PLATFORM.token(Map.of()), null)).hasStatus(400);
	}

	@Test
	void issuerWithAudiencesRefusesTokensForOtherAudiences() {
		assertThat(get(GLOBEX.token(Map.of()), null)).hasStatus(401);
		assertThat(get(GLOBEX.token(Map.of("aud", "api://other")), null)).hasStatus(401);
		assertThat(get(GLOBEX.token(Map.of("aud", List.of("api://other", "api://tenancy"))), null)).hasStatusOk()
			.bodyText()
			.isEqualTo("globex");
	}

	@Test
	void untrustedIssuerIsUnauthorizedAndItsKeysAreNeverFetched() {
		assertThat(get(ROGUE.token(Map.of("tenant_id", "acme")), null)).hasStatus(401);
		assertThat(ROGUE.keyFetches()).isZero();
	}

	@Test
	void tokenNamingATrustedIssuerButSignedByAnotherKeyIsUnauthorized() {
		assertThat(get(ROGUE.token(ACME.issuer(), Map.of()), null)).hasStatus(401);
		assertThat(get(ROGUE.token(PLATFORM.issuer(), Map.of("tenant_id", "acme")), null)).hasStatus(401);
	}

	@Test
	void onlyThePlatformIssuerMakesPlatformAdministrators() {
		MockMvcRequestBuilder platform = request(PLATFORM.token(Map.of("scope", "tenancy.admin")), "acme")
			.header("X-Access-Reason", "ticket 4711");
		assertThat(platform.exchange()).hasStatusOk().bodyText().isEqualTo("acme");
		assertThat(recorded).containsExactly("acme|alice|ticket 4711");

		MockMvcRequestBuilder tenants = request(GLOBEX.token(Map.of("scope", "tenancy.admin", "aud", "api://tenancy")),
				"acme")
			.header("X-Access-Reason", "ticket 4711");
		assertThat(tenants.exchange()).hasStatus(403);
		assertThat(recorded).hasSize(1);
	}

	@Test
	void issuerThatCannotBeReachedFailsOnlyItsOwnTokensUntilItIsBack() throws IOException {
		INITECH.stop();
		try {
			// a server error, as Spring Security answers an authentication it could not carry out
			assertThat(get(INITECH.token(Map.of()), null)).hasFailed()
				.failure()
				.hasMessageContaining("Unable to resolve the Configuration with the provided Issuer");
			assertThat(get(PLATFORM.token(Map.of("tenant_id", "initech")), null)).hasStatusOk();
		}
		finally {
			INITECH.restart();
		}
		// asked again once tenancy.security.issuer-retry-after has passed
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get(INITECH.token(Map.of()), null)).hasStatusOk()
				.bodyText()
				.isEqualTo("initech"));
	}

	@Test
	void issuerThatDoesNotAnswerHoldsUpNoOtherIssuerAndIsNotAskedAgainAtOnce() throws Exception {
		// two threads of its own: the common pool has one on a machine with two cores
		ExecutorService requests = Executors.newFixedThreadPool(2);
		AtomicBoolean waiting = new AtomicBoolean(true);
		CompletableFuture<MvcTestResult> stalled = CompletableFuture.supplyAsync(() -> {
			try {
				return get(HANGING.token(), null);
			}
			finally {
				waiting.set(false);
			}
		}, requests);
		// a second request for the same issuer waits for the first one's fetch rather than making its own
		CompletableFuture<MvcTestResult> alongside = CompletableFuture.supplyAsync(() -> get(HANGING.token(), null),
				requests);
		requests.shutdown();
		HANGING.awaitConnection();
		// served while the other issuer's discovery is still waiting for an answer
		assertThat(get(PLATFORM.token(Map.of("tenant_id", "globex")), null)).hasStatusOk();
		assertThat(waiting).as("the stalled request was still waiting").isTrue();

		assertThat(stalled.get()).hasFailed()
			.failure()
			.hasMessageContaining("could not be fetched")
			.hasRootCauseInstanceOf(SocketTimeoutException.class);
		assertThat(alongside.get()).hasFailed()
			.failure()
			.hasMessageContaining("could not be fetched")
			.satisfies((failure) -> assertThat(failure).as("waited for the fetch, not refused after it")
				.hasMessageNotContaining("a moment ago"));
		// refused at once for a while, without asking the issuer again
		assertThat(get(HANGING.token(), null)).hasFailed().failure().hasMessageContaining("a moment ago");
		assertThat(HANGING.connections()).isOne();
	}

	private MvcTestResult admin(String token) {
		return this.mvc.get().uri("/admin/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private MvcTestResult get(String token, @Nullable String selection) {
		return request(token, selection).exchange();
	}

	private MockMvcRequestBuilder request(String token, @Nullable String selection) {
		MockMvcRequestBuilder request = this.mvc.get()
			.uri("/api/tenant")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (selection != null) {
			request.header("X-Tenant-ID", selection);
		}
		return request;
	}

	private static TestIdentityProvider start(String keyId) {
		try {
			return TestIdentityProvider.start(keyId);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static TestIdentityProvider startEllipticCurve(String keyId) {
		try {
			return TestIdentityProvider.startEllipticCurve(keyId);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A server that takes connections and never answers them; tokens claiming it as issuer are signed by ROGUE. */
	static final class HangingServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final CountDownLatch firstConnection = new CountDownLatch(1);

		HangingServer() {
			try {
				this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
						this.firstConnection.countDown();
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "hanging-issuer");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String issuer() {
			return "http://127.0.0.1:" + this.socket.getLocalPort();
		}

		String token() {
			return ROGUE.token(issuer(), Map.of());
		}

		void awaitConnection() throws InterruptedException {
			assertThat(this.firstConnection.await(30, TimeUnit.SECONDS)).as("the issuer was asked").isTrue();
		}

		int connections() {
			return this.accepted.size();
		}

		@Override
		public void close() {
			try {
				this.socket.close();
				for (Socket connection : this.accepted) {
					connection.close();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TenantEchoController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain api(HttpSecurity http, TenantIssuerAuthenticationManagerResolver issuers) {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin/**")
					.hasAuthority("SCOPE_tenancy.admin")
					.anyRequest()
					.authenticated())
				.oauth2ResourceServer((server) -> server.authenticationManagerResolver(issuers))
				.build();
		}

		/** The application's own policy rather than the property: its authority is the one kept from tenants. */
		@Bean
		PlatformAccess platformAccess() {
			return new PlatformAccess("SCOPE_tenancy.admin", "X-Access-Reason", false);
		}

		@Bean
		PlatformAccessLog platformAccessLog() {
			return (tenant, actor, reason, detail) -> recorded.add(tenant + "|" + actor + "|" + reason);
		}

	}

	@RestController
	static class TenantEchoController {

		@GetMapping("/api/tenant")
		String tenant() {
			return TenantContext.require().value();
		}

		@GetMapping("/admin/ping")
		String ping() {
			return "pong";
		}

	}

}
