package dev.tenancy.benchmarks.app.baseline;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The baseline variant (profile {@code baseline}): no tenancy at all, the tenancy auto-configurations excluded in
 * {@code application-baseline.yml}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("baseline")
@EntityScan(basePackageClasses = BaselineProject.class)
@EnableJpaRepositories(basePackageClasses = BaselineProject.class)
class BaselineConfiguration {

	@Bean
	BaselineProjects baselineProjects(BaselineProjectRepository projects) {
		return new BaselineProjects(projects);
	}

}
