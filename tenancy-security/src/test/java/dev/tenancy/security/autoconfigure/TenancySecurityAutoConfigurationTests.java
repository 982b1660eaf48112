package dev.tenancy.security.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import dev.tenancy.security.JwtTenantResolver;
import dev.tenancy.security.issuer.TenantIssuerAuthenticationManagerResolver;
import dev.tenancy.security.issuer.TenantIssuers;
import dev.tenancy.security.platform.PlatformAccess;
import dev.tenancy.security.platform.PlatformAccessAdmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class TenancySecurityAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancySecurityAutoConfiguration.class));

	@AfterEach
	void clearSecurityContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void registersResolver() {
		this.web.run((context) -> {
			assertThat(context).hasSingleBean(JwtTenantResolver.class);
			assertThat(context).hasSingleBean(TenancySecurityProperties.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesJwtTenantResolver() {
		JwtTenantResolver userResolver = new JwtTenantResolver("org", "orgs", "X-Org");
		this.web.withBean("userResolver", JwtTenantResolver.class, () -> userResolver)
			.run((context) -> assertThat(context.getBean(JwtTenantResolver.class)).isSameAs(userResolver));
	}

	@Test
	void canBeSwitchedOff() {
		this.web.withPropertyValues("tenancy.security.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JwtTenantResolver.class));
	}

	@Test
	void doesNotRegisterResolverOutsideServletWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TenancySecurityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JwtTenantResolver.class));
	}

	@Test
	void backsOffWithoutSpringSecurityJwtSupport() {
		this.web.withClassLoader(new FilteredClassLoader(Jwt.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JwtTenantResolver.class));
	}

	@Test
	void joinsTheCoreResolverChainAheadOfTheHeaderResolver() {
		this.web.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class))
			.withPropertyValues("tenancy.resolution.header.enabled=true")
			.run((context) -> assertThat(context.getBean(TenantResolverChain.class).getResolvers())
				.hasExactlyElementsOfTypes(JwtTenantResolver.class, HeaderTenantResolver.class));
	}

	@Test
	void bindsCustomClaimAndHeaderNames() {
		this.web
			.withPropertyValues("tenancy.security.tenant-claim=org", "tenancy.security.tenants-claim=orgs",
					"tenancy.security.selection-header=X-Org")
			.run((context) -> {
				authenticate(Map.of("tenant_id", "initech", "orgs", List.of("acme", "globex")));
				MockHttpServletRequest request = new MockHttpServletRequest();
				request.addHeader("X-Tenant-ID", "initech");
				request.addHeader("X-Org", "globex");
				assertThat(context.getBean(JwtTenantResolver.class).resolve(request)).contains(TenantId.of("globex"));
			});
	}

	@Test
	void readsTheSecurityContextHolderStrategyBean() {
		SecurityContextHolderStrategy strategy = mock(SecurityContextHolderStrategy.class);
		given(strategy.getContext()).willReturn(new SecurityContextImpl(token(Map.of("tenant_id", "acme"))));
		this.web.withBean(SecurityContextHolderStrategy.class, () -> strategy)
			.run((context) -> assertThat(context.getBean(JwtTenantResolver.class).resolve(new MockHttpServletRequest()))
				.contains(TenantId.of("acme")));
	}

	@Test
	void letsNoPlatformAdministratorInByDefault() {
		this.web.withBean(PlatformAccessLog.class, () -> (tenant, actor, reason, detail) -> {
		}).run((context) -> {
			assertThat(context).doesNotHaveBean(PlatformAccess.class);
			assertThat(context).doesNotHaveBean(PlatformAccessAdmission.class);
			SecurityContextHolder.setContext(new SecurityContextImpl(token(Map.of(), "SCOPE_tenancy.admin")));
			assertThatExceptionOfType(TenantRejectedException.class)
				.isThrownBy(() -> context.getBean(JwtTenantResolver.class).resolve(adminRequest()))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TENANT_ACCESS_DENIED));
		});
	}

	@Test
	void letsPlatformAdministratorsInWithTheirAuthorityAndRecordsThem() {
		List<String> recorded = new ArrayList<>();
		PlatformAccessLog log = (tenant, actor, reason, detail) -> recorded.add(tenant + "|" + actor + "|" + reason);
		this.web.withBean(PlatformAccessLog.class, () -> log)
			.withPropertyValues("tenancy.security.platform.authority=SCOPE_tenancy.admin")
			.run((context) -> {
				SecurityContextHolder.setContext(new SecurityContextImpl(token(Map.of(), "SCOPE_tenancy.admin")));
				MockHttpServletRequest request = adminRequest();
				assertThat(context.getBean(JwtTenantResolver.class).resolve(request)).contains(TenantId.of("acme"));
				context.getBean(PlatformAccessAdmission.class).admit(request, Tenant.active("acme"));
				assertThat(recorded).containsExactly("acme|alice|ticket 4711");
			});
	}

	@Test
	void bindsPlatformReasonHeaderAndWrites() {
		this.web.withBean(PlatformAccessLog.class, () -> (tenant, actor, reason, detail) -> {
		})
			.withPropertyValues("tenancy.security.platform.authority=ROLE_SUPPORT",
					"tenancy.security.platform.reason-header=X-Ticket", "tenancy.security.platform.allow-writes=true")
			.run((context) -> {
				SecurityContextHolder.setContext(new SecurityContextImpl(token(Map.of(), "ROLE_SUPPORT")));
				MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/api/projects/1");
				request.addHeader("X-Tenant-ID", "acme");
				request.addHeader("X-Ticket", "ticket 4711");
				assertThat(context.getBean(JwtTenantResolver.class).resolve(request)).contains(TenantId.of("acme"));
			});
	}

	@Test
	void refusesToStartPlatformAccessWithNowhereToRecordIt() {
		this.web.withPropertyValues("tenancy.security.platform.authority=SCOPE_tenancy.admin")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("no PlatformAccessLog bean")
				.hasMessageContaining("tenancy.catalog.type=jdbc"));
	}

	@Test
	void recordsThePlatformAccessOfAnApplicationsOwnPolicy() {
		this.web.withBean(PlatformAccessLog.class, () -> (tenant, actor, reason, detail) -> {
		})
			.withBean(PlatformAccess.class, () -> new PlatformAccess("ROLE_SUPPORT", "X-Ticket", false))
			.run((context) -> {
				assertThat(context).hasSingleBean(PlatformAccessAdmission.class);
				assertThat(context.getBean(JwtTenantResolver.class)).extracting("platformAccess")
					.isSameAs(context.getBean(PlatformAccess.class));
			});
	}

	@Test
	void registersThePlatformAdmissionWithTheTenantFilter() {
		List<String> recorded = new ArrayList<>();
		this.web.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class))
			.withBean(PlatformAccessLog.class,
					() -> (tenant, actor, reason, detail) -> recorded.add(tenant + "|" + detail))
			.withPropertyValues("tenancy.security.platform.authority=SCOPE_tenancy.admin",
					"tenancy.tenants.acme.display-name=Acme")
			.run((context) -> {
				SecurityContextHolder.setContext(new SecurityContextImpl(token(Map.of(), "SCOPE_tenancy.admin")));
				MockHttpServletResponse response = new MockHttpServletResponse();
				context.getBean(TenantFilter.class).doFilter(adminRequest(), response, (request, ignored) -> {
				});
				assertThat(response.getStatus()).isEqualTo(200);
				assertThat(recorded).containsExactly("acme|GET /api/projects");
			});
	}

	@Test
	void trustsNoIssuerListByDefault() {
		this.web.run((context) -> {
			assertThat(context).doesNotHaveBean(TenantIssuers.class);
			assertThat(context).doesNotHaveBean(TenantIssuerAuthenticationManagerResolver.class);
		});
	}

	@Test
	void bindsTrustedIssuersAndLimitsTokensToTheirTenants() {
		this.web
			.withPropertyValues("tenancy.security.issuers.acme.issuer-uri=https://acme.example",
					"tenancy.security.issuers.acme.tenants=acme",
					"tenancy.security.issuers.acme.jwk-set-uri=https://acme.example/keys",
					"tenancy.security.issuers.acme.audiences=api://tenancy",
					"tenancy.security.issuers.platform.issuer-uri=https://login.example",
					"tenancy.security.issuers.platform.all-tenants=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(TenantIssuerAuthenticationManagerResolver.class);
				TenantIssuers issuers = context.getBean(TenantIssuers.class);
				assertThat(issuers.find("https://acme.example")).hasValueSatisfying((acme) -> {
					assertThat(acme.tenants()).containsExactly(TenantId.of("acme"));
					assertThat(acme.jwkSetUri()).isEqualTo("https://acme.example/keys");
					assertThat(acme.audiences()).containsExactly("api://tenancy");
				});
				assertThat(issuers.find("https://login.example")).hasValueSatisfying(
						(platform) -> assertThat(platform.allTenants()).isTrue());
				SecurityContextHolder.setContext(
						new SecurityContextImpl(token(Map.of("iss", "https://acme.example"))));
				assertThat(context.getBean(JwtTenantResolver.class).resolve(new MockHttpServletRequest()))
					.contains(TenantId.of("acme"));
			});
	}

	@Test
	void refusesAnIssuerTrustedForNoTenant() {
		this.web.withPropertyValues("tenancy.security.issuers.acme.issuer-uri=https://acme.example")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("tenancy.security.issuers.acme: Issuer 'https://acme.example' must be "
						+ "trusted either for named tenants or for every tenant, not neither")
				.hasStackTraceContaining("tenancy.security.issuers.acme.all-tenants=true"));
	}

	@Test
	void refusesAnIssuerWithoutItsIdentifier() {
		this.web.withPropertyValues("tenancy.security.issuers.acme.tenants=acme")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.security.issuers.acme.issuer-uri must be set"));
	}

	@Test
	void authenticatesWithTheApplicationsOwnTenantIssuers() {
		TenantIssuers own = (issuer) -> Optional.empty();
		this.web.withBean(TenantIssuers.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(TenantIssuerAuthenticationManagerResolver.class)
				.getBean(TenantIssuers.class)
				.isSameAs(own);
			assertThat(context.getBean(JwtTenantResolver.class)).extracting("issuers").isSameAs(own);
		});
	}

	private static MockHttpServletRequest adminRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/projects");
		request.addHeader("X-Tenant-ID", "acme");
		request.addHeader("X-Access-Reason", "ticket 4711");
		return request;
	}

	private static void authenticate(Map<String, Object> claims) {
		SecurityContextHolder.setContext(new SecurityContextImpl(token(claims)));
	}

	private static JwtAuthenticationToken token(Map<String, Object> claims, String... authorities) {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("alice")
			.claims((all) -> all.putAll(claims))
			.build();
		return new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList(authorities));
	}

}
