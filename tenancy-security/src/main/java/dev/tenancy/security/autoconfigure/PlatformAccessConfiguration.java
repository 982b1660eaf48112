package dev.tenancy.security.autoconfigure;

import java.util.Objects;

import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.security.platform.PlatformAccess;
import dev.tenancy.security.platform.PlatformAccessAdmission;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlatformAccessConfiguration {

	@Bean
	@ConditionalOnProperty("tenancy.security.platform.authority")
	@ConditionalOnMissingBean
	PlatformAccess platformAccess(TenancySecurityProperties properties) {
		TenancySecurityProperties.Platform platform = properties.getPlatform();
		return new PlatformAccess(Objects.requireNonNull(platform.getAuthority()), platform.getReasonHeader(),
				platform.isAllowWrites());
	}

	/** Whenever administrators may be let in, their requests are recorded: with a policy of the application's too. */
	@Bean
	@ConditionalOnBean(PlatformAccess.class)
	@ConditionalOnMissingBean
	PlatformAccessAdmission platformAccessAdmission(ObjectProvider<PlatformAccessLog> log) {
		// Refusing to start beats serving platform administrators unrecorded.
		PlatformAccessLog available = log.getIfUnique();
		if (available == null) {
			throw new IllegalStateException("Platform administrators may work in any tenant "
					+ "(tenancy.security.platform.authority, or a PlatformAccess bean), but there is no "
					+ "PlatformAccessLog bean to record their requests in, or more than one. Use the JDBC tenant "
					+ "catalog (tenancy.catalog.type=jdbc), whose audit trail records them, or define one "
					+ "PlatformAccessLog bean.");
		}
		return new PlatformAccessAdmission(available);
	}

}
