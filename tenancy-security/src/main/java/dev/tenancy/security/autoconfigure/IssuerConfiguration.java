package dev.tenancy.security.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.tenancy.core.TenantId;
import dev.tenancy.security.issuer.TenantIssuerAuthenticationManagerResolver;
import dev.tenancy.security.issuer.TenantIssuers;
import dev.tenancy.security.issuer.TrustedIssuer;
import dev.tenancy.security.platform.PlatformAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

@Configuration(proxyBeanMethods = false)
class IssuerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(IssuerConfiguration.class);

	@Bean
	@ConditionalOnBean(TenantIssuers.class)
	@ConditionalOnMissingBean
	TenantIssuerAuthenticationManagerResolver tenantIssuerAuthenticationManagerResolver(TenantIssuers issuers,
			TenancySecurityProperties properties, ObjectProvider<JwtAuthenticationConverter> converter,
			ObjectProvider<PlatformAccess> platformAccess) {
		// the application's own policy included: a tenant's issuer must not grant what makes an administrator
		List<String> platformAuthorities = platformAccess.stream().map(PlatformAccess::getAuthority).toList();
		return new TenantIssuerAuthenticationManagerResolver(issuers,
				List.of(properties.getTenantClaim(), properties.getTenantsClaim()),
				converter.getIfAvailable(JwtAuthenticationConverter::new), platformAuthorities,
				properties.getIssuerTimeout(), properties.getIssuerRetryAfter());
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(IssuersConfiguredCondition.class)
	static class PropertiesIssuersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantIssuers tenantIssuers(TenancySecurityProperties properties) {
			List<TrustedIssuer> trusted = new ArrayList<>();
			properties.getIssuers().forEach((name, issuer) -> trusted.add(trustedIssuer(name, issuer)));
			return TenantIssuers.of(trusted);
		}

		private static TrustedIssuer trustedIssuer(String name, TenancySecurityProperties.Issuer issuer) {
			String prefix = "tenancy.security.issuers." + name;
			if (issuer.getIssuerUri() == null || issuer.getIssuerUri().isBlank()) {
				throw new IllegalArgumentException(prefix + ".issuer-uri must be set: the 'iss' of the issuer's "
						+ "tokens");
			}
			if (!issuer.isAllTenants() && issuer.getAudiences().isEmpty()) {
				logger.warn("{}.audiences is not set: issuer '{}' is a tenant's identity provider, and a token it "
						+ "issued for any other application of that tenant will be accepted here too", prefix,
						issuer.getIssuerUri());
			}
			try {
				return new TrustedIssuer(issuer.getIssuerUri(), issuer.getJwkSetUri(),
						new TreeSet<>(issuer.getTenants().stream().map(TenantId::of).toList()),
						issuer.isAllTenants(), issuer.getAudiences());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(prefix + ": " + ex.getMessage() + " (set " + prefix
						+ ".tenants, or " + prefix + ".all-tenants=true for the platform's issuer)", ex);
			}
		}

	}

	/** Matches when at least one issuer is configured under {@code tenancy.security.issuers}. */
	static class IssuersConfiguredCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, TenancySecurityProperties.Issuer> issuers = Binder.get(context.getEnvironment())
				.bind("tenancy.security.issuers", Bindable.mapOf(String.class, TenancySecurityProperties.Issuer.class))
				.orElse(Map.of());
			return issuers.isEmpty() ? ConditionOutcome.noMatch("no tenancy.security.issuers")
					: ConditionOutcome.match("tenancy.security.issuers " + issuers.keySet());
		}

	}

}
