package dev.tenancy.security.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.ratelimit.TenantRateLimitAdmission;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.web.TenantRequestAdmission;
import dev.tenancy.security.JwtTenantResolver;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a platform administrator's token may do through {@link JwtTenantResolver} with a {@link PlatformAccess}
 * policy, and what {@link PlatformAccessAdmission} records.
 */
class PlatformAccessTests {

	private static final String ADMIN = "SCOPE_tenancy.admin";

	private final JwtTenantResolver resolver = new JwtTenantResolver();

	private final List<String> recorded = new ArrayList<>();

	private final PlatformAccessAdmission admission = new PlatformAccessAdmission((tenant, actor, reason,
			detail) -> this.recorded.add(tenant + "|" + actor + "|" + reason + "|" + detail));

	PlatformAccessTests() {
		this.resolver.setPlatformAccess(new PlatformAccess(ADMIN, "X-Access-Reason", false));
	}

	@AfterEach
	void clearSecurityContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void administratorSelectingATenantWithAReasonResolvesItAndIsRecordedOnceAdmitted() {
		authenticate(jwt((claims) -> claims.put("jti", "token-7")), ADMIN);
		MockHttpServletRequest request = request("GET", "acme", "ticket 4711");
		assertThat(this.resolver.resolve(request)).contains(TenantId.of("acme"));
		assertThat(this.recorded).isEmpty();

		assertThat(TenantRequestAdmission.pending(request)).contains(PlatformAccessAdmission.NAME);

		this.admission.admit(request, Tenant.active("acme"));
		assertThat(this.recorded)
			.containsExactly("acme|ops-alice|ticket 4711|GET /api/projects; issuer https://idp.example; token token-7");
		assertThat(TenantRequestAdmission.pending(request)).doesNotContain(PlatformAccessAdmission.NAME);
	}

	@Test
	void aRequestIsRecordedOnceHoweverOftenItIsDispatched() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		MockHttpServletRequest request = request("GET", "acme", "ticket 4711");
		this.resolver.resolve(request);
		this.admission.admit(request, Tenant.active("acme"));
		// an asynchronous or error dispatch resolves and admits the same request again
		this.resolver.resolve(request);
		this.admission.admit(request, Tenant.active("acme"));
		assertThat(this.recorded).hasSize(1);
		assertThat(TenantRequestAdmission.pending(request)).doesNotContain(PlatformAccessAdmission.NAME);
	}

	@Test
	void administratorsRequestsAreExemptFromTheTenantsRateLimitAndMembersAreNot() {
		TenantRateLimitAdmission overLimit = new TenantRateLimitAdmission(
				(tenant, traffic) -> Decision.refuse(Duration.ofSeconds(1)));
		authenticate(jwt((claims) -> {
		}), ADMIN);
		MockHttpServletRequest administrators = request("GET", "acme", "ticket 4711");
		this.resolver.resolve(administrators);
		assertThat(TenantRateLimitAdmission.isExempt(administrators)).isTrue();
		overLimit.admit(administrators, Tenant.active("acme"));

		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")), ADMIN);
		MockHttpServletRequest members = request("GET", "acme", null);
		this.resolver.resolve(members);
		assertThat(TenantRateLimitAdmission.isExempt(members)).isFalse();
		assertRejected(() -> overLimit.admit(members, Tenant.active("acme")), Reason.TENANT_RATE_LIMITED);
	}

	@Test
	void administratorWithoutAReasonIsAskedForOne() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		assertRejected(() -> this.resolver.resolve(request("GET", "acme", null)), Reason.ACCESS_REASON_REQUIRED)
			.withMessageContaining("does not say why")
			.withMessageContaining("'X-Access-Reason: ticket 4711'")
			.satisfies((ex) -> assertThat(ex.getTenant()).isEqualTo("acme"));
		assertRejected(() -> this.resolver.resolve(request("GET", "acme", "   ")), Reason.ACCESS_REASON_REQUIRED);
	}

	@Test
	void reasonsThatCannotBeRecordedAsSentAreRefused() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		assertRejected(() -> this.resolver.resolve(request("GET", "acme", "x".repeat(2001))),
				Reason.ACCESS_REASON_REQUIRED)
			.withMessageContaining("longer than 2000 characters");
		assertRejected(() -> this.resolver.resolve(request("GET", "acme", "ticket 1\r\nforged log line")),
				Reason.ACCESS_REASON_REQUIRED)
			.withMessageContaining("control characters");
		MockHttpServletRequest twice = request("GET", "acme", "ticket 1");
		twice.addHeader("X-Access-Reason", "ticket 2");
		assertRejected(() -> this.resolver.resolve(twice), Reason.ACCESS_REASON_REQUIRED)
			.withMessageContaining("more than once");
		assertThat(this.resolver.resolve(request("GET", "acme", "x".repeat(2000)))).contains(TenantId.of("acme"));
	}

	@Test
	void administratorWhoseTokenNamesNobodyIsDenied() {
		for (String subject : new String[] { " ", "x".repeat(201), "ops\nalice" }) {
			SecurityContextHolder.setContext(new SecurityContextImpl(new JwtAuthenticationToken(
					Jwt.withTokenValue("token").header("alg", "RS256").subject(subject).build(),
					AuthorityUtils.createAuthorityList(ADMIN))));
			assertRejected(() -> this.resolver.resolve(request("GET", "acme", "ticket 4711")),
					Reason.TENANT_ACCESS_DENIED)
				.withMessageContaining("names nobody that can be recorded");
		}
	}

	@Test
	void administratorWritesAreRefusedUnlessAllowed() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
			assertRejected(() -> this.resolver.resolve(request(method, "acme", "ticket 4711")),
					Reason.TENANT_ACCESS_DENIED)
				.withMessageContaining("may only read")
				.withMessageContaining("tenancy.security.platform.allow-writes");
		}
		for (String method : List.of("GET", "HEAD", "OPTIONS")) {
			assertThat(this.resolver.resolve(request(method, "acme", "ticket 4711"))).contains(TenantId.of("acme"));
		}

		JwtTenantResolver writing = new JwtTenantResolver();
		writing.setPlatformAccess(new PlatformAccess(ADMIN, "X-Access-Reason", true));
		assertThat(writing.resolve(request("DELETE", "acme", "ticket 4711"))).contains(TenantId.of("acme"));
	}

	@Test
	void tokenWithoutTheAuthorityIsStillDenied() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "globex")), "SCOPE_tenancy.read");
		MockHttpServletRequest request = request("GET", "acme", "ticket 4711");
		assertRejected(() -> this.resolver.resolve(request), Reason.TENANT_ACCESS_DENIED);
		assertThat(request.getAttribute(PlatformAccess.REQUEST_ATTRIBUTE)).isNull();
	}

	@Test
	void administratorInATenantOfTheirOwnIsAMemberAndNotRecorded() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")), ADMIN);
		MockHttpServletRequest request = request("POST", "acme", null);
		assertThat(this.resolver.resolve(request)).contains(TenantId.of("acme"));
		this.admission.admit(request, Tenant.active("acme"));
		assertThat(this.recorded).isEmpty();
	}

	@Test
	void administratorWithoutSelectionNamesNoTenant() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		assertThat(this.resolver.resolve(request("GET", null, "ticket 4711"))).isEmpty();
	}

	@Test
	void withoutThePolicyAdministratorsAreDeniedLikeAnyone() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		assertRejected(() -> new JwtTenantResolver().resolve(request("GET", "acme", "ticket 4711")),
				Reason.TENANT_ACCESS_DENIED);
	}

	@Test
	void admissionRefusesAnAccessNotedForAnotherTenant() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		MockHttpServletRequest request = request("GET", "acme", "ticket 4711");
		this.resolver.resolve(request);
		assertThatIllegalStateException().isThrownBy(() -> this.admission.admit(request, Tenant.active("globex")));
		assertThat(this.recorded).isEmpty();
	}

	@Test
	void administratorsAreLetInReadOnlyUnlessAllowedToWrite() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		MockHttpServletRequest reading = request("GET", "acme", "ticket 4711");
		this.resolver.resolve(reading);
		assertThat(TenantRequestAdmission.isReadOnly(reading)).as("before the access is recorded").isFalse();
		this.admission.admit(reading, Tenant.active("acme"));
		assertThat(TenantRequestAdmission.isReadOnly(reading)).isTrue();

		JwtTenantResolver writing = new JwtTenantResolver();
		writing.setPlatformAccess(new PlatformAccess(ADMIN, "X-Access-Reason", true));
		for (String method : List.of("GET", "DELETE")) {
			MockHttpServletRequest allowed = request(method, "acme", "ticket 4711");
			writing.resolve(allowed);
			this.admission.admit(allowed, Tenant.active("acme"));
			assertThat(TenantRequestAdmission.isReadOnly(allowed)).as(method).isFalse();
		}

		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")), "SCOPE_tenancy.read");
		MockHttpServletRequest member = request("GET", "acme", null);
		this.resolver.resolve(member);
		this.admission.admit(member, Tenant.active("acme"));
		assertThat(TenantRequestAdmission.isReadOnly(member)).as("the tenant's own member").isFalse();
		assertThat(this.recorded).hasSize(3);
	}

	@Test
	void anAccessThatCannotBeRecordedIsNotMarkedRecorded() {
		authenticate(jwt((claims) -> {
		}), ADMIN);
		MockHttpServletRequest request = request("GET", "acme", "ticket 4711");
		this.resolver.resolve(request);
		PlatformAccessAdmission failing = new PlatformAccessAdmission((tenant, actor, reason, detail) -> {
			throw new IllegalStateException("audit database unreachable");
		});
		assertThatIllegalStateException().isThrownBy(() -> failing.admit(request, Tenant.active("acme")));
		assertThat(request.getAttribute(PlatformAccessAdmission.RECORDED_ATTRIBUTE)).isNull();
		assertThat(TenantRequestAdmission.pending(request)).contains(PlatformAccessAdmission.NAME);
		this.admission.admit(request, Tenant.active("acme"));
		assertThat(this.recorded).hasSize(1);
	}

	private static MockHttpServletRequest request(String method, String tenant, String reason) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/projects");
		request.setQueryString("q=secret");
		Optional.ofNullable(tenant).ifPresent((value) -> request.addHeader("X-Tenant-ID", value));
		Optional.ofNullable(reason).ifPresent((value) -> request.addHeader("X-Access-Reason", value));
		return request;
	}

	private static ThrowableAssertAlternative<TenantRejectedException> assertRejected(ThrowingCallable call,
			Reason reason) {
		return assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

	private static Jwt jwt(Consumer<Map<String, Object>> claims) {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("ops-alice")
			.claim("iss", "https://idp.example")
			.claims(claims)
			.build();
	}

	private static void authenticate(Jwt jwt, String authority) {
		SecurityContextHolder.setContext(new SecurityContextImpl(
				new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList(authority))));
	}

}
