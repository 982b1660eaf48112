package dev.tenancy.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.HostTenantResolver;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class JwtTenantResolverTests {

	private final JwtTenantResolver resolver = new JwtTenantResolver();

	@AfterEach
	void clearSecurityContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void tokenForOneTenantResolvesIt() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")));
		assertThat(resolve()).contains(TenantId.of("acme"));
	}

	@Test
	void tokenForOneTenantSelectingItResolvesIt() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")));
		assertThat(resolve("acme")).contains(TenantId.of("acme"));
	}

	@Test
	void tokenForOneTenantSelectingAnotherIsDenied() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")));
		assertRejected(() -> resolve("globex"), Reason.TENANT_ACCESS_DENIED)
			.satisfies((ex) -> assertThat(ex.getTenant()).isEqualTo("globex"))
			.withMessageContaining("not issued for tenant 'globex'")
			.withMessageContaining("'acme'");
	}

	@Test
	void tokenForSeveralTenantsWithoutSelectionIsAskedToSelect() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("globex", "acme"))));
		assertRejected(this::resolve, Reason.TENANT_SELECTION_REQUIRED)
			.withMessageContaining("'acme', 'globex'")
			.withMessageContaining("'X-Tenant-ID' request header");
	}

	@Test
	void tokenForSeveralTenantsSelectingOneResolvesIt() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", "globex"))));
		assertThat(resolve("globex")).contains(TenantId.of("globex"));
	}

	@Test
	void tokenForSeveralTenantsSelectingAnotherIsDenied() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", "globex"))));
		assertRejected(() -> resolve("initech"), Reason.TENANT_ACCESS_DENIED)
			.withMessageContaining("'initech'")
			.withMessageContaining("'acme', 'globex'");
	}

	@Test
	void tenantClaimAndTenantsClaimFormOneMembership() {
		authenticate(jwt((claims) -> {
			claims.put("tenant_id", "acme");
			claims.put("tenants", List.of("globex"));
		}));
		assertRejected(this::resolve, Reason.TENANT_SELECTION_REQUIRED);
		assertThat(resolve("acme")).contains(TenantId.of("acme"));
		assertThat(resolve("globex")).contains(TenantId.of("globex"));
	}

	@Test
	void tenantNamedByBothClaimsCountsOnce() {
		authenticate(jwt((claims) -> {
			claims.put("tenant_id", "acme");
			claims.put("tenants", List.of("acme"));
		}));
		assertThat(resolve()).contains(TenantId.of("acme"));
	}

	@Test
	void tenantsClaimMayBeAPlainString() {
		authenticate(jwt((claims) -> claims.put("tenants", "acme")));
		assertThat(resolve()).contains(TenantId.of("acme"));
	}

	@Test
	void tenantsClaimMayBeAJavaArray() {
		authenticate(jwt((claims) -> claims.put("tenants", new String[] { "acme", "globex" })));
		assertThat(resolve("acme")).contains(TenantId.of("acme"));
	}

	@Test
	void tokenForNoTenantResolvesNone() {
		authenticate(jwt((claims) -> claims.put("scope", "admin")));
		assertThat(resolve()).isEmpty();
	}

	@Test
	void tokenForNoTenantSelectingOneIsDenied() {
		authenticate(jwt((claims) -> claims.put("scope", "admin")));
		assertRejected(() -> resolve("acme"), Reason.TENANT_ACCESS_DENIED)
			.withMessageContaining("not issued for any tenant")
			.withMessageContaining("header 'X-Tenant-ID'");
	}

	@Test
	void emptyTenantClaimIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "")));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID).withMessageContaining("claim 'tenant_id'");
	}

	@Test
	void malformedTenantClaimIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "Acme Corp")));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID).withMessageContaining("claim 'tenant_id'");
	}

	@Test
	void numericTenantClaimIsInvalidAndNotEchoed() {
		authenticate(jwt((claims) -> claims.put("tenant_id", 4711)));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID)
			.withMessageContaining("claim 'tenant_id' must hold a tenant id as a string")
			.withMessageContaining("a number")
			.withMessageNotContaining("4711");
	}

	@Test
	void arrayInTenantClaimIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenant_id", List.of("acme"))));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID).withMessageContaining("an array");
	}

	@Test
	void objectInTenantsClaimIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenants", Map.of("acme", true))));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID)
			.withMessageContaining("claim 'tenants' must hold an array of tenant ids")
			.withMessageContaining("an object");
	}

	@Test
	void nonStringEntryInTenantsClaimIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", true))));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID)
			.withMessageStartingWith("An entry of claim 'tenants' must be a tenant id as a string")
			.withMessageContaining("a boolean");
	}

	@Test
	void emptyEntryInTenantsClaimIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", ""))));
		assertRejected(() -> resolve("acme"), Reason.INVALID_TENANT_ID)
			.withMessageStartingWith("An entry of claim 'tenants' is not a valid tenant id: invalid tenant id ''");
	}

	@Test
	void invalidEntryInTenantsClaimIsNamedInTheMessage() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", "GLOBEX"))));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID)
			.withMessageStartingWith("An entry of claim 'tenants' is not a valid tenant id")
			.withMessageContaining("invalid tenant id 'GLOBEX'");
	}

	@Test
	void oversizedClaimIsInvalidAndEchoedOnlyInPart() {
		String oversized = "a".repeat(10_000);
		authenticate(jwt((claims) -> claims.put("tenant_id", oversized)));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID)
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(500));
	}

	@Test
	void controlCharactersInAClaimAreEscapedInTheMessage() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "acme\r\nX-Injected: yes")));
		assertRejected(this::resolve, Reason.INVALID_TENANT_ID)
			.withMessageNotContaining("\n")
			.withMessageContaining("\\u000a");
	}

	@Test
	void malformedSelectionIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", "globex"))));
		assertRejected(() -> resolve("ACME"), Reason.INVALID_TENANT_ID).withMessageContaining("header 'X-Tenant-ID'");
	}

	@Test
	void emptySelectionIsInvalid() {
		authenticate(jwt((claims) -> claims.put("tenant_id", "acme")));
		assertRejected(() -> resolve(""), Reason.INVALID_TENANT_ID);
	}

	@Test
	void selectionRepeatedWithDifferentTenantsIsRejected() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", "globex"))));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Tenant-ID", "acme");
		request.addHeader("X-Tenant-ID", "globex");
		assertRejected(() -> this.resolver.resolve(request), Reason.TENANT_CONFLICT)
			.withMessageContaining("send it once");
	}

	@Test
	void selectionRepeatedWithTheSameTenantResolvesIt() {
		authenticate(jwt((claims) -> claims.put("tenants", List.of("acme", "globex"))));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Tenant-ID", "acme");
		request.addHeader("X-Tenant-ID", "acme");
		assertThat(this.resolver.resolve(request)).contains(TenantId.of("acme"));
	}

	@Test
	void selectionMessageAbbreviatesALongMembership() {
		List<String> tenants = IntStream.range(0, 50).mapToObj((i) -> "tenant-%02d".formatted(i)).toList();
		authenticate(jwt((claims) -> claims.put("tenants", tenants)));
		assertRejected(this::resolve, Reason.TENANT_SELECTION_REQUIRED)
			.withMessageContaining("'tenant-09' and 40 more")
			.withMessageNotContaining("tenant-10");
	}

	@Test
	void claimAndHeaderNamesCanBeChanged() {
		JwtTenantResolver custom = new JwtTenantResolver("org", "orgs", "X-Org");
		authenticate(jwt((claims) -> {
			claims.put("tenant_id", "ignored");
			claims.put("orgs", List.of("acme", "globex"));
		}));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Tenant-ID", "initech");
		request.addHeader("X-Org", "globex");
		assertThat(custom.resolve(request)).contains(TenantId.of("globex"));
	}

	@Test
	void jwtAsCredentialsOfAnotherAuthenticationIsRead() {
		Jwt jwt = jwt((claims) -> claims.put("tenant_id", "acme"));
		setAuthentication(new TestingAuthenticationToken("alice", jwt, "ROLE_USER"));
		assertThat(resolve()).contains(TenantId.of("acme"));
	}

	@Test
	void unauthenticatedJwtAuthenticationIsIgnored() {
		setAuthentication(new JwtAuthenticationToken(jwt((claims) -> claims.put("tenant_id", "acme"))));
		assertThat(resolve("globex")).isEmpty();
	}

	@Test
	void nonJwtAuthenticationResolvesNoneAndLeavesTheHeaderToOthers() {
		setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", "secret",
				AuthorityUtils.createAuthorityList("ROLE_USER")));
		assertThat(resolve("acme")).isEmpty();
	}

	@Test
	void anonymousAuthenticationResolvesNone() {
		setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		assertThat(resolve("acme")).isEmpty();
	}

	@Test
	void noAuthenticationResolvesNone() {
		assertThat(resolve("acme")).isEmpty();
	}

	@Test
	void readsTheConfiguredSecurityContextHolderStrategy() {
		SecurityContextHolderStrategy strategy = mock(SecurityContextHolderStrategy.class);
		given(strategy.getContext()).willReturn(new SecurityContextImpl(
				new JwtAuthenticationToken(jwt((claims) -> claims.put("tenant_id", "acme")), List.of())));
		JwtTenantResolver custom = new JwtTenantResolver();
		custom.setSecurityContextHolderStrategy(strategy);
		assertThat(custom.resolve(new MockHttpServletRequest())).contains(TenantId.of("acme"));
	}

	@Test
	void aTenantFilterWithoutItsAdmissionRefusesJwtRequestsThatAnotherResolverPutIntoATenant() throws Exception {
		TenantResolverChain chain = new TenantResolverChain(
				List.of(this.resolver, new HostTenantResolver(".example.com")));
		TenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme")));
		authenticate(jwt((claims) -> claims.put("scope", "read")));

		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/projects");
		request.setServerName("acme.example.com");
		MockHttpServletResponse refused = new MockHttpServletResponse();
		new TenantFilter(chain, catalog, List.of()).doFilter(request, refused, (req, res) -> {
			throw new AssertionError("served");
		});
		assertThat(refused.getStatus()).isEqualTo(503);

		TenantFilter withAdmission = new TenantFilter(chain, catalog, List.of());
		withAdmission.setAdmissions(List.of(this.resolver));
		MockHttpServletRequest again = new MockHttpServletRequest("GET", "/api/projects");
		again.setServerName("acme.example.com");
		MockHttpServletResponse denied = new MockHttpServletResponse();
		withAdmission.doFilter(again, denied, (req, res) -> {
			throw new AssertionError("served");
		});
		assertThat(denied.getStatus()).isEqualTo(403);
		assertThat(denied.getContentAsString()).contains("tenant-access-denied");
	}

	@Test
	void runsBeforeTheHeaderResolver() {
		assertThat(this.resolver.getOrder()).isLessThan(HeaderTenantResolver.ORDER);
	}

	private Optional<TenantId> resolve() {
		return this.resolver.resolve(new MockHttpServletRequest());
	}

	private Optional<TenantId> resolve(String selection) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Tenant-ID", selection);
		return this.resolver.resolve(request);
	}

	private static ThrowableAssertAlternative<TenantRejectedException> assertRejected(ThrowingCallable call,
			Reason reason) {
		return assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

	private static Jwt jwt(Consumer<Map<String, Object>> claims) {
		return Jwt.withTokenValue("token").header("alg", "RS256").subject("alice").claims(claims).build();
	}

	private static void authenticate(Jwt jwt) {
		setAuthentication(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read")));
	}

	private static void setAuthentication(Authentication authentication) {
		SecurityContextHolder.setContext(new SecurityContextImpl(authentication));
	}

}
