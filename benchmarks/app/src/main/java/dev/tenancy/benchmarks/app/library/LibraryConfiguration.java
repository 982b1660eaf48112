package dev.tenancy.benchmarks.app.library;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The library variant (profile {@code library}): the tenancy starter's auto-configuration as users get it; each
 * tenant's placement (SHARED, SCHEMA, DATABASE) comes from {@code tenancy.tenants}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("library")
@EntityScan(basePackageClasses = Project.class)
@EnableJpaRepositories(basePackageClasses = Project.class)
class LibraryConfiguration {

	@Bean
	LibraryProjects libraryProjects(ProjectRepository projects) {
		return new LibraryProjects(projects);
	}

}
