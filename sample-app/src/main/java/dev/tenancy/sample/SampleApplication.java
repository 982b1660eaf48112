package dev.tenancy.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Projects and tasks for many tenants: the tenant comes from the JWT, and every read and write is scoped to it
 * by Hibernate's {@code @TenantId} and by PostgreSQL row-level security.
 * <p>
 * In the default profile the application is also its own development token issuer; in the {@code prod}
 * profile it is a plain resource server of an external issuer.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
