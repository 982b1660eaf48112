package dev.tenancy.security.autoconfigure;

import dev.tenancy.security.JwtTenantResolver;
import dev.tenancy.security.issuer.TenantIssuers;
import dev.tenancy.security.platform.PlatformAccess;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

@Configuration(proxyBeanMethods = false)
class JwtTenantResolverConfiguration {

	@Bean
	@ConditionalOnMissingBean(JwtTenantResolver.class)
	JwtTenantResolver jwtTenantResolver(TenancySecurityProperties properties,
			ObjectProvider<SecurityContextHolderStrategy> securityContextHolderStrategy,
			ObjectProvider<PlatformAccess> platformAccess, ObjectProvider<TenantIssuers> issuers) {
		JwtTenantResolver resolver = new JwtTenantResolver(properties.getTenantClaim(), properties.getTenantsClaim(),
				properties.getSelectionHeader());
		// Spring Security's own filters use a strategy bean when one is defined; read the same context.
		securityContextHolderStrategy.ifAvailable(resolver::setSecurityContextHolderStrategy);
		platformAccess.ifAvailable(resolver::setPlatformAccess);
		issuers.ifAvailable(resolver::setIssuers);
		return resolver;
	}

}
