package dev.tenancy.security.autoconfigure;

import java.util.Objects;

import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.security.platform.PlatformAccess;
import dev.tenancy.security.platform.PlatformAccessAdmission;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("tenancy.security.platform.authority")
class PlatformAccessConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PlatformAccess platformAccess(TenancySecurityProperties properties) {
		TenancySecurityProperties.Platform platform = properties.getPlatform();
		return new PlatformAccess(Objects.requireNonNull(platform.getAuthority()), platform.getReasonHeader(),
				platform.isAllowWrites());
	}

	@Bean
	@ConditionalOnMissingBean
	PlatformAccessAdmission platformAccessAdmission(ObjectProvider<PlatformAccessLog> log) {
		// Refusing to start beats serving platform administrators unrecorded.
		PlatformAccessLog available = log.getIfUnique();
		if (available == null) {
			throw new IllegalStateException("tenancy.security.platform.authority is set, so platform "
					+ "administrators may work in any tenant, but there is no single PlatformAccessLog bean to "
					+ "record their requests in. Use the JDBC tenant catalog (tenancy.catalog.type=jdbc), whose "
					+ "audit trail records them, or define a PlatformAccessLog bean.");
		}
		return new PlatformAccessAdmission(available);
	}

}
