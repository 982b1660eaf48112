package dev.tenancy.security.autoconfigure;

import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Auto-configuration of tenant resolution from the JWT that Spring Security's resource server verified, in
 * servlet web applications. The resolver joins the core's resolver chain ahead of the header and host
 * resolvers. With {@code tenancy.security.platform.authority} set, platform administrators may work in any
 * tenant, each request recorded first in the {@link dev.tenancy.core.audit.PlatformAccessLog}. With
 * {@code tenancy.security.issuers}, tokens of several issuers are authenticated, each limited to its tenants.
 */
@AutoConfiguration(before = TenancyCoreAutoConfiguration.class)
@ConditionalOnClass({ Jwt.class, SecurityContextHolder.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "tenancy.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TenancySecurityProperties.class)
@Import({ IssuerConfiguration.class, JwtTenantResolverConfiguration.class, PlatformAccessConfiguration.class })
public final class TenancySecurityAutoConfiguration {

}
