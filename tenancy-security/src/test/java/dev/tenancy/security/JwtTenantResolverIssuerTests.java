package dev.tenancy.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.security.issuer.TenantIssuers;
import dev.tenancy.security.issuer.TrustedIssuer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JwtTenantResolver} with {@link TenantIssuers}: each token limited to the tenants its issuer is trusted
 * for, whatever decoder authenticated it.
 */
class JwtTenantResolverIssuerTests {

	private final JwtTenantResolver resolver = new JwtTenantResolver();

	JwtTenantResolverIssuerTests() {
		this.resolver.setIssuers(TenantIssuers.of(List.of(
				TrustedIssuer.forTenants("https://acme.example", List.of(TenantId.of("acme"))),
				TrustedIssuer.forTenants("https://reseller.example",
						List.of(TenantId.of("globex"), TenantId.of("initech"))),
				TrustedIssuer.forAllTenants("https://login.example"))));
	}

	@AfterEach
	void clearSecurityContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void tokenOfATenantsIssuerNamingNoTenantIsIssuedForItsTenant() {
		authenticate("https://acme.example", Map.of());
		assertThat(resolve(null)).contains(TenantId.of("acme"));
	}

	@Test
	void tokenOfAnIssuerOfSeveralTenantsChoosesAmongThem() {
		authenticate("https://reseller.example", Map.of());
		assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> resolve(null))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TENANT_SELECTION_REQUIRED))
			.withMessageContaining("'globex', 'initech'");
		assertThat(resolve("initech")).contains(TenantId.of("initech"));
		assertDenied(() -> resolve("acme"));
	}

	@Test
	void tokenOfATenantsIssuerNamingAnotherTenantIsDenied() {
		authenticate("https://reseller.example", Map.of("tenants", List.of("globex", "acme")));
		assertDenied(() -> resolve("globex")).withMessageContaining("issues tokens for 'globex', 'initech' only")
			.withMessageContaining("names tenant 'acme'")
			.satisfies((ex) -> assertThat(ex.getTenant()).isEqualTo("acme"));
	}

	@Test
	void tokenOfThePlatformIssuerNamesItsTenants() {
		authenticate("https://login.example", Map.of("tenant_id", "acme"));
		assertThat(resolve(null)).contains(TenantId.of("acme"));
		authenticate("https://login.example", Map.of());
		assertThat(resolve(null)).isEmpty();
	}

	@Test
	void tokenOfAnUntrustedIssuerOrOfNoneIsDenied() {
		authenticate("https://rogue.example", Map.of("tenant_id", "acme"));
		assertDenied(() -> resolve(null)).withMessageContaining("'https://rogue.example' is not trusted");
		SecurityContextHolder.setContext(new SecurityContextImpl(new JwtAuthenticationToken(
				Jwt.withTokenValue("token").header("alg", "RS256").subject("alice").claim("tenant_id", "acme").build(),
				List.of())));
		assertDenied(() -> resolve(null)).withMessageContaining("which it does not name");
	}

	private Optional<TenantId> resolve(String selection) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		if (selection != null) {
			request.addHeader("X-Tenant-ID", selection);
		}
		return this.resolver.resolve(request);
	}

	private static ThrowableAssertAlternative<TenantRejectedException> assertDenied(ThrowingCallable call) {
		return assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TENANT_ACCESS_DENIED));
	}

	private static void authenticate(String issuer, Map<String, Object> claims) {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("alice")
			.claim("iss", issuer)
			.claims((all) -> all.putAll(claims))
			.build();
		SecurityContextHolder.setContext(new SecurityContextImpl(new JwtAuthenticationToken(jwt, List.of())));
	}

}
