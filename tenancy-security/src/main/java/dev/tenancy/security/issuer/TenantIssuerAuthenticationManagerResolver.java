package dev.tenancy.security.issuer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.web.client.RestTemplate;

/**
 * Authenticates bearer tokens from any issuer in {@link TenantIssuers}, each with that issuer's keys, for Spring
 * Security's resource server: {@code http.oauth2ResourceServer((server) ->
 * server.authenticationManagerResolver(resolver))}.
 * <p>
 * Built on Spring Security's {@link JwtIssuerAuthenticationManagerResolver}: the token's {@code iss} picks the
 * issuer, and a token of an issuer not trusted is refused (401) before anything is fetched. Each trusted
 * issuer's tokens are verified by Spring Security's {@link NimbusJwtDecoder}, its keys found through OpenID
 * Connect discovery or at the issuer's JWK set URI, and the signing algorithms from those keys. Besides
 * signature, expiry and {@code iss}, a token must hold one of the issuer's audiences when it has any, and name no
 * tenant but those its issuer is trusted for.
 * <p>
 * A tenant's own issuer cannot grant the platform authorities: an authentication from it has them removed.
 * <p>
 * An issuer's discovery document and keys are first fetched with the given timeout (to connect, and for each
 * read), once at a time per issuer, on a requesting thread and never under a lock other issuers' requests wait
 * for; concurrent requests for the same issuer wait for that fetch, at most four times the timeout. An issuer
 * that cannot be reached fails its tokens with a server error (500, as Spring Security answers an authentication
 * it could not carry out), and is not asked again for a while. Later key refreshes (an unknown key id, the key
 * cache expiring) are Spring Security's, with the same timeouts, and are not held back.
 * <p>
 * Thread-safe.
 */
public final class TenantIssuerAuthenticationManagerResolver
		implements AuthenticationManagerResolver<HttpServletRequest> {

	private final TenantIssuers issuers;

	private final List<String> tenantClaims;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter;

	private final Set<String> platformAuthorities;

	private final RestTemplate rest;

	private final Duration fetchLimit;

	private final Cache<Verification, AuthenticationManager> managers = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	private final Cache<Verification, RuntimeException> failures;

	private final ConcurrentMap<Verification, CompletableFuture<AuthenticationManager>> building =
			new ConcurrentHashMap<>();

	private final JwtIssuerAuthenticationManagerResolver delegate = new JwtIssuerAuthenticationManagerResolver(
			this::managerFor);

	/**
	 * Creates the resolver.
	 * @param issuers the trusted issuers
	 * @param tenantClaims the claims that name a token's tenants, such as {@code tenant_id} and {@code tenants}
	 * @param authenticationConverter turns a verified token into an authentication, such as Spring Security's
	 * {@code JwtAuthenticationConverter}
	 * @param platformAuthorities authorities only an issuer trusted for every tenant may grant, such as the
	 * platform administrators'
	 * @param timeout how long fetching an issuer's discovery document or keys may take, to connect and to read
	 * @param retryAfter how long an issuer whose discovery document or keys could not be fetched is not asked
	 * again, its tokens refused meanwhile
	 */
	public TenantIssuerAuthenticationManagerResolver(TenantIssuers issuers, List<String> tenantClaims,
			Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter,
			Collection<String> platformAuthorities, Duration timeout, Duration retryAfter) {
		this.issuers = issuers;
		this.tenantClaims = List.copyOf(tenantClaims);
		this.authenticationConverter = authenticationConverter;
		this.platformAuthorities = Set.copyOf(platformAuthorities);
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(timeout);
		requests.setReadTimeout(timeout);
		this.rest = new RestTemplate(requests);
		// discovery, then keys: each a connection and at least one read
		this.fetchLimit = timeout.multipliedBy(4);
		this.failures = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(retryAfter).build();
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		return this.delegate.resolve(request);
	}

	private @Nullable AuthenticationManager managerFor(String issuer) {
		TrustedIssuer trusted = this.issuers.find(issuer).orElse(null);
		if (trusted == null) {
			return null;
		}
		Verification verification = new Verification(trusted.issuer(), trusted.jwkSetUri(), trusted.audiences(),
				trusted.isTenantIssuer());
		AuthenticationManager manager = this.managers.getIfPresent(verification);
		if (manager != null) {
			return manager;
		}
		RuntimeException failure = this.failures.getIfPresent(verification);
		if (failure != null) {
			throw new AuthenticationServiceException("The keys of issuer '" + issuer + "' could not be fetched "
					+ "a moment ago; its tokens are refused until it is asked again", failure);
		}
		CompletableFuture<AuthenticationManager> mine = new CompletableFuture<>();
		CompletableFuture<AuthenticationManager> inFlight = this.building.putIfAbsent(verification, mine);
		if (inFlight != null) {
			// one fetch per issuer at a time; the others wait for it, but not longer than it may take
			return awaitOther(inFlight, issuer, this.fetchLimit);
		}
		try {
			// built outside any lock other issuers' requests wait for: a slow issuer holds up its own requests only
			manager = manager(verification);
			this.managers.put(verification, manager);
			mine.complete(manager);
			return manager;
		}
		catch (RuntimeException ex) {
			this.failures.put(verification, ex);
			mine.completeExceptionally(ex);
			throw new AuthenticationServiceException("The keys of issuer '" + issuer + "' could not be fetched: "
					+ ex.getMessage(), ex);
		}
		finally {
			this.building.remove(verification, mine);
			// whatever else ended the fetch, an Error included, releases those waiting for it
			mine.completeExceptionally(new IllegalStateException("The fetch of issuer '" + issuer + "' failed"));
		}
	}

	private static AuthenticationManager awaitOther(CompletableFuture<AuthenticationManager> inFlight,
			String issuer, Duration limit) {
		try {
			return inFlight.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AuthenticationServiceException("The keys of issuer '" + issuer + "' could not be fetched: "
					+ ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AuthenticationServiceException("The keys of issuer '" + issuer + "' are still being fetched",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AuthenticationServiceException("Interrupted while the keys of issuer '" + issuer
					+ "' were fetched", ex);
		}
	}

	private AuthenticationManager manager(Verification verification) {
		NimbusJwtDecoder decoder = ((verification.jwkSetUri() != null)
				? NimbusJwtDecoder.withJwkSetUri(verification.jwkSetUri()).discoverJwsAlgorithms()
				: NimbusJwtDecoder.withIssuerLocation(verification.issuer()))
			.restOperations(this.rest)
			.build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtIssuerValidator(verification.issuer()));
		if (!verification.audiences().isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (audiences) -> audiences != null
					&& audiences.stream().anyMatch(verification.audiences()::contains)));
		}
		validators.add(new IssuerTenantsValidator(this.issuers, verification.issuer(), this.tenantClaims));
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(
				verification.tenantIssuer() ? this::withoutPlatformAuthorities : this.authenticationConverter);
		return new ProviderManager(provider);
	}

	private @Nullable AbstractAuthenticationToken withoutPlatformAuthorities(Jwt jwt) {
		AbstractAuthenticationToken authentication = this.authenticationConverter.convert(jwt);
		if (authentication == null || authentication.getAuthorities()
			.stream()
			.noneMatch((granted) -> this.platformAuthorities.contains(granted.getAuthority()))) {
			return authentication;
		}
		Authentication kept = authentication.toBuilder()
			.authorities((granted) -> granted
				.removeIf((authority) -> this.platformAuthorities.contains(authority.getAuthority())))
			.build();
		if (kept instanceof AbstractAuthenticationToken token) {
			return token;
		}
		throw new InvalidBearerTokenException("A tenant's own issuer may not grant a platform authority");
	}

	/** How one issuer's tokens are verified; the tenants it is trusted for are read on every token. */
	private record Verification(String issuer, @Nullable String jwkSetUri, List<String> audiences,
			boolean tenantIssuer) {
	}

}
