package dev.tenancy.benchmarks.app.handwritten;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The hand-written variant (profile {@code handwritten}): tenant from the token in a filter, {@code tenant_id}
 * parameters in every query, no row-level security; the tenancy auto-configurations excluded in
 * {@code application-handwritten.yml}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("handwritten")
@EntityScan(basePackageClasses = HandWrittenProject.class)
@EnableJpaRepositories(basePackageClasses = HandWrittenProject.class)
class HandWrittenConfiguration {

	@Bean
	HandWrittenProjects handWrittenProjects(HandWrittenProjectRepository projects) {
		return new HandWrittenProjects(projects);
	}

	@Bean
	FilterRegistrationBean<HandWrittenTenantFilter> handWrittenTenantFilter() {
		FilterRegistrationBean<HandWrittenTenantFilter> registration = new FilterRegistrationBean<>(
				new HandWrittenTenantFilter());
		registration.addUrlPatterns("/api/*");
		// where the library's filter runs: after Spring Security's chain (-100)
		registration.setOrder(-90);
		return registration;
	}

}
