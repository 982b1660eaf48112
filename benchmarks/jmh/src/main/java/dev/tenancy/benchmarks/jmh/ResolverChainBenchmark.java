package dev.tenancy.benchmarks.jmh;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.HostTenantResolver;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.security.JwtTenantResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The resolver chain on an already authenticated request (Spring Security has verified the token before the
 * tenant filter runs): the JWT resolver alone, and followed by its admission (its check of the bound tenant
 * against the token), the JWT, header and host resolvers together (what {@code tenancy.resolution.*} switches
 * on), and a token for several tenants with a selection header.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResolverChainBenchmark {

	private static final Tenant ACME = Tenant.active("acme");

	private final JwtTenantResolver jwtResolver = new JwtTenantResolver();

	private final TenantResolverChain jwtOnly = new TenantResolverChain(List.of(this.jwtResolver));

	private final TenantResolverChain jwtHeaderHost = new TenantResolverChain(List.of(this.jwtResolver,
			new HeaderTenantResolver("X-Tenant-ID"), new HostTenantResolver(".example.com")));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/projects");

	private final MockHttpServletRequest selecting = new MockHttpServletRequest("GET", "/api/projects");

	private final JwtAuthenticationToken singleTenant = authentication(
			jwt().claim("tenant_id", "acme").build());

	private final JwtAuthenticationToken severalTenants = authentication(
			jwt().claim("tenants", List.of("acme", "globex", "initech")).build());

	private SecurityContext context = SecurityContextHolder.createEmptyContext();

	@Setup(Level.Trial)
	public void authenticate() {
		this.request.setServerName("acme.example.com");
		this.selecting.setServerName("globex.example.com");
		this.selecting.addHeader("X-Tenant-ID", "globex");
		this.context = SecurityContextHolder.createEmptyContext();
		SecurityContextHolder.setContext(this.context);
	}

	@TearDown(Level.Trial)
	public void clear() {
		SecurityContextHolder.clearContext();
	}

	/** The default chain of an application with the starter: the JWT resolver only. */
	@Benchmark
	public Optional<TenantId> jwtResolverOnly() {
		this.context.setAuthentication(this.singleTenant);
		return this.jwtOnly.resolve(this.request);
	}

	/**
	 * What the tenant filter does with the JWT resolver per request since it is also an admission: the chain
	 * resolves, then the resolver checks the tenant found against the token's tenants.
	 */
	@Benchmark
	public Optional<TenantId> jwtResolverThenAdmission() {
		this.context.setAuthentication(this.singleTenant);
		Optional<TenantId> resolved = this.jwtOnly.resolve(this.request);
		this.jwtResolver.admit(this.request, ACME);
		return resolved;
	}

	/** JWT, header (absent) and host (agreeing) resolvers. */
	@Benchmark
	public Optional<TenantId> jwtHeaderAndHostResolvers() {
		this.context.setAuthentication(this.singleTenant);
		return this.jwtHeaderHost.resolve(this.request);
	}

	/** A token for three tenants, one chosen by {@code X-Tenant-ID}, all three resolvers agreeing. */
	@Benchmark
	public Optional<TenantId> tenantsClaimWithSelectionHeader() {
		this.context.setAuthentication(this.severalTenants);
		return this.jwtHeaderHost.resolve(this.selecting);
	}

	private static Jwt.Builder jwt() {
		Instant now = Instant.now();
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("user")
			.issuer("https://issuer.tenancy-benchmarks.example")
			.issuedAt(now)
			.expiresAt(now.plusSeconds(3600));
	}

	private static JwtAuthenticationToken authentication(Jwt jwt) {
		return new JwtAuthenticationToken(jwt, List.of());
	}

}
