package dev.tenancy.core.web;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.resolve.TenantResolverChain;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.http.server.RequestPath;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TenantFilterTests {

	private final TenantFilter filter = new TenantFilter(
			new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID"))),
			new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
					new Tenant(TenantId.of("hooli"), "Hooli", TenantStatus.SUSPENDED, Placement.SHARED))),
			List.of("/actuator/**", "/error"));

	private final AtomicReference<String> seen = new AtomicReference<>();

	private final FilterChain recording = (request, response) -> this.seen
		.set(TenantContext.current().map(TenantId::value).orElse("none") + "|" + MDC.get(TenantContext.MDC_KEY));

	@AfterEach
	void nothingLeftBound() {
		assertThat(TenantContext.current()).isEmpty();
		assertThat(MDC.get(TenantContext.MDC_KEY)).isNull();
	}

	@Test
	void bindsTheTenantAndMdcForTheChainAndClearsAfterwards() throws Exception {
		MockHttpServletResponse response = run(request("/api/projects", "acme"));
		assertThat(this.seen).hasValue("acme|acme");
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@Test
	void clearsTheTenantWhenTheChainThrows() {
		FilterChain failing = (request, response) -> {
			throw new IllegalStateException("boom");
		};
		assertThatIllegalStateException()
			.isThrownBy(() -> this.filter.doFilter(request("/api/projects", "acme"), new MockHttpServletResponse(), failing));
	}

	@Test
	void aTenantLeftBoundOnThePooledThreadIsClearedNotRestored() throws Exception {
		TenantContext.bind(TenantId.of("hooli")); // a binding some earlier work never closed
		run(request("/api/projects", "acme"));
		assertThat(this.seen).hasValue("acme|acme");
		assertThat(TenantContext.current()).as("after the request").isEmpty();
	}

	@Test
	void missingTenantGetsTenantRequiredProblem() throws Exception {
		MockHttpServletResponse response = run(request("/api/projects", null));
		assertProblem(response, 400, "tenant-required");
		assertThat(this.seen).hasValue(null);
	}

	@Test
	void unknownTenantGetsUnknownTenantProblem() throws Exception {
		MockHttpServletResponse response = run(request("/api/projects", "nobody"));
		assertProblem(response, 403, "unknown-tenant");
		assertThat(response.getContentAsString()).contains("\"tenant\":\"nobody\"");
	}

	@Test
	void suspendedTenantGetsTenantNotActiveProblem() throws Exception {
		MockHttpServletResponse response = run(request("/api/projects", "hooli"));
		assertProblem(response, 423, "tenant-not-active");
		assertThat(response.getContentAsString()).contains("SUSPENDED");
	}

	@Test
	void invalidTenantGetsInvalidTenantIdProblem() throws Exception {
		MockHttpServletResponse response = run(request("/api/projects", "x'; drop table projects;--"));
		assertProblem(response, 400, "invalid-tenant-id");
	}

	@Test
	void headerSentTwiceWithDifferentTenantsGetsTenantConflictProblem() throws Exception {
		MockHttpServletRequest request = request("/api/projects", "acme");
		request.addHeader("X-Tenant-ID", "globex");
		MockHttpServletResponse response = run(request);
		assertProblem(response, 403, "tenant-conflict");
		assertThat(this.seen).hasValue(null);
	}

	@Test
	void tenantFreePathRunsWithoutATenantEvenWhenOneIsNamed() throws Exception {
		MockHttpServletResponse response = run(request("/actuator/health", "acme"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(this.seen).hasValue("none|null");
	}

	@Test
	void aPathSpringParsedForThisRequestDecidesAsTheRequestsOwn() throws Exception {
		MockHttpServletRequest free = request("/app/actuator/health", "acme");
		free.setContextPath("/app");
		ServletRequestPathUtils.parseAndCache(free);
		run(free);
		assertThat(this.seen).hasValue("none|null");
		MockHttpServletRequest tenant = request("/app/api/projects", "acme");
		tenant.setContextPath("/app");
		ServletRequestPathUtils.parseAndCache(tenant);
		run(tenant);
		assertThat(this.seen).hasValue("acme|acme");
	}

	@Test
	void aPathParsedForAnotherUriOrContextIsNotUsed() throws Exception {
		// left on the request by another dispatch: the request's own URI decides
		MockHttpServletRequest request = request("/api/projects", "acme");
		ServletRequestPathUtils.setParsedRequestPath(RequestPath.parse("/actuator/health", null), request);
		run(request);
		assertThat(this.seen).hasValue("acme|acme");
		MockHttpServletRequest other = request("/app/actuator/health", "acme");
		other.setContextPath("/app");
		ServletRequestPathUtils.setParsedRequestPath(RequestPath.parse("/app/actuator/health", null), other);
		run(other);
		assertThat(this.seen).as("parsed without the context path, it would not match").hasValue("none|null");
	}

	@Test
	void errorDispatchOfARejectedRequestRendersWithoutATenant() throws Exception {
		MockHttpServletRequest request = request("/api/projects", "nobody");
		request.setDispatcherType(DispatcherType.ERROR);
		run(request);
		assertThat(this.seen).hasValue("none|null");
	}

	@Test
	void tenantThatIsNotReadyGetsTenantUnavailableProblem() throws Exception {
		TenantFilter checked = new TenantFilter(new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID"))),
				new PropertiesTenantCatalog(List.of(Tenant.active("acme"))), List.of(),
				List.of((tenant) -> java.util.Optional.of("schema of tenant 'acme' is at version 3, the application needs 4")));
		MockHttpServletResponse response = new MockHttpServletResponse();
		checked.doFilter(request("/api/projects", "acme"), response, this.recording);
		assertProblem(response, 503, "tenant-unavailable");
		assertThat(this.seen).hasValue(null);
	}

	@Test
	void unavailableTenantDuringTheRequestGetsTenantUnavailableProblem() throws Exception {
		FilterChain failing = (request, response) -> {
			throw new jakarta.servlet.ServletException("Request processing failed",
					new dev.tenancy.core.TenantUnavailableException(TenantId.of("acme"), "database of tenant 'acme' is unreachable"));
		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request("/api/projects", "acme"), response, failing);
		assertProblem(response, 503, "tenant-unavailable");
		assertThat(response.getContentAsString()).contains("unreachable");
	}

	@Test
	void aCatalogThatCannotBeReadGetsTenantUnavailableProblem() throws Exception {
		TenantCatalog down = new TenantCatalog() {

			@Override
			public java.util.Optional<Tenant> find(TenantId id) {
				throw new IllegalStateException("Connection to the catalog database refused");
			}

			@Override
			public List<Tenant> findAll() {
				throw new IllegalStateException("Connection to the catalog database refused");
			}

		};
		TenantFilter filter = new TenantFilter(new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID"))),
				down, List.of());
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request("/api/projects", "acme"), response, this.recording);
		assertProblem(response, 503, "tenant-unavailable");
		assertThat(response.getContentAsString()).contains("the tenant catalog could not be read")
			.doesNotContain("refused");
		assertThat(this.seen).hasValue(null);
	}

	@Test
	void aReadinessCheckThatFailsGetsTenantUnavailableProblem() throws Exception {
		TenantFilter checked = new TenantFilter(new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID"))),
				new PropertiesTenantCatalog(List.of(Tenant.active("acme"))), List.of(), List.of((tenant) -> {
					throw new IllegalStateException("migration state table unreachable");
				}));
		MockHttpServletResponse response = new MockHttpServletResponse();
		checked.doFilter(request("/api/projects", "acme"), response, this.recording);
		assertProblem(response, 503, "tenant-unavailable");
		assertThat(response.getContentAsString()).doesNotContain("unreachable");
		assertThat(this.seen).hasValue(null);
	}

	@Test
	void admissionsSeeOnlyRequestsForActiveTenantsAndRunBeforeTheTenantIsBound() throws Exception {
		List<String> admitted = new ArrayList<>();
		this.filter.setAdmissions(List.of((request, tenant) -> admitted
			.add(tenant.id() + "|" + TenantContext.current().map(TenantId::value).orElse("none"))));
		run(request("/api/projects", "acme"));
		run(request("/api/projects", "hooli"));
		run(request("/api/projects", "nosuchco"));
		run(request("/actuator/health", "acme"));
		assertThat(admitted).containsExactly("acme|none");
		assertThat(this.seen).hasValue("none|null");
	}

	@Test
	void anAdmissionRefusingTheRequestAnswersWithItsProblem() throws Exception {
		this.filter.setAdmissions(List.of((request, tenant) -> {
			throw new TenantRejectedException(Reason.ACCESS_REASON_REQUIRED, "Say why.", tenant.id().value());
		}));
		MockHttpServletResponse response = run(request("/api/projects", "acme"));
		assertProblem(response, 400, "access-reason-required");
		assertThat(this.seen).hasValue(null);
	}

	@Test
	void anAdmissionThatFailsGetsTenantUnavailableProblemAndTheNextIsNotAsked() throws Exception {
		List<String> asked = new ArrayList<>();
		this.filter.setAdmissions(List.of((request, tenant) -> {
			throw new IllegalStateException("audit database unreachable");
		}, (request, tenant) -> asked.add(tenant.id().value())));
		MockHttpServletResponse response = run(request("/api/projects", "acme"));
		assertProblem(response, 503, "tenant-unavailable");
		assertThat(response.getContentAsString()).contains("could not be admitted").doesNotContain("unreachable");
		assertThat(this.seen).hasValue(null);
		assertThat(asked).isEmpty();
	}

	@Test
	void aRequestThatNeedsAnAdmissionNoneGivesIsRefused() throws Exception {
		TenantFilter filter = new TenantFilter(new TenantResolverChain(List.of((request) -> {
			TenantRequestAdmission.require(request, "platform access");
			TenantRequestAdmission.require(request, "second look");
			return Optional.of(TenantId.of("acme"));
		})), new PropertiesTenantCatalog(List.of(Tenant.active("acme"))), List.of());
		MockHttpServletResponse refused = new MockHttpServletResponse();
		filter.doFilter(request("/api/projects", null), refused, this.recording);
		assertProblem(refused, 503, "tenant-unavailable");
		assertThat(this.seen).hasValue(null);

		// one admission fulfilling its mark leaves the other's
		filter.setAdmissions(List.of((request, tenant) -> TenantRequestAdmission.fulfil(request, "platform access")));
		MockHttpServletResponse half = new MockHttpServletResponse();
		filter.doFilter(request("/api/projects", null), half, this.recording);
		assertProblem(half, 503, "tenant-unavailable");
		assertThat(this.seen).hasValue(null);

		filter.setAdmissions(List.of((request, tenant) -> TenantRequestAdmission.fulfil(request, "platform access"),
				(request, tenant) -> TenantRequestAdmission.fulfil(request, "second look")));
		MockHttpServletResponse admitted = new MockHttpServletResponse();
		filter.doFilter(request("/api/projects", null), admitted, this.recording);
		assertThat(admitted.getStatus()).isEqualTo(200);
		assertThat(this.seen).hasValue("acme|acme");
	}

	@Test
	void anAdmissionCanLetARequestReadItsTenantOnly() throws Exception {
		List<String> bound = new ArrayList<>();
		FilterChain recordingAccess = (request, response) -> bound.add(String.valueOf(TenantContext.access()));
		this.filter.setAdmissions(List.of((request, tenant) -> {
			if (request.getHeader("X-Read-Only") != null) {
				TenantRequestAdmission.readOnly(request);
			}
		}));
		MockHttpServletRequest readOnly = request("/api/projects", "acme");
		readOnly.addHeader("X-Read-Only", "yes");
		this.filter.doFilter(readOnly, new MockHttpServletResponse(), recordingAccess);
		this.filter.doFilter(request("/api/projects", "acme"), new MockHttpServletResponse(), recordingAccess);
		assertThat(bound).containsExactly("Optional[TenantAccess[tenantId=acme, readOnly=true]]",
				"Optional[TenantAccess[tenantId=acme, readOnly=false]]");
		assertThat(TenantRequestAdmission.isReadOnly(readOnly)).isTrue();
	}

	@Test
	void aWriteTheDatabaseRefusedAReadOnlyRequestGetsTenantAccessDeniedProblem() throws Exception {
		this.filter.setAdmissions(List.of((request, tenant) -> {
			if (request.getHeader("X-Read-Only") != null) {
				TenantRequestAdmission.readOnly(request);
			}
		}));
		FilterChain writing = (request, response) -> {
			throw new IllegalStateException("could not execute statement",
					new SQLException("cannot execute INSERT in a read-only transaction", "25006"));
		};
		MockHttpServletRequest readOnly = request("/api/projects", "acme");
		readOnly.addHeader("X-Read-Only", "yes");
		MockHttpServletResponse refused = new MockHttpServletResponse();
		this.filter.doFilter(readOnly, refused, writing);
		assertProblem(refused, 403, "tenant-access-denied");
		assertThat(refused.getContentAsString()).contains("may only read").doesNotContain("INSERT");

		assertThatIllegalStateException().as("a request that may write: the application's own failure")
			.isThrownBy(() -> this.filter.doFilter(request("/api/projects", "acme"), new MockHttpServletResponse(),
					writing));
	}

	private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, this.recording);
		return response;
	}

	private static MockHttpServletRequest request(String path, String tenant) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		if (tenant != null) {
			request.addHeader("X-Tenant-ID", tenant);
		}
		return request;
	}

	private static void assertProblem(MockHttpServletResponse response, int status, String slug) throws Exception {
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"type\":\"https://tenancy.dev/problems/" + slug + "\"")
			.contains("\"status\":" + status)
			.contains("\"detail\":");
	}

}
