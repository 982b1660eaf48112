package dev.tenancy.jpa.autoconfigure;

import javax.sql.DataSource;

import dev.tenancy.jpa.rls.RlsStartupGuard;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnSingleCandidate(DataSource.class)
class RlsGuardConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RlsStartupGuard rlsStartupGuard(DataSource dataSource, TenancyRlsProperties properties) {
		return new RlsStartupGuard(dataSource, properties.getTenantColumn(), properties.getGuard());
	}

	/** Runs the guard once every singleton, Flyway's migration included, has been created. */
	@Bean
	SmartInitializingSingleton rlsStartupGuardRunner(RlsStartupGuard rlsStartupGuard) {
		return rlsStartupGuard::check;
	}

}
