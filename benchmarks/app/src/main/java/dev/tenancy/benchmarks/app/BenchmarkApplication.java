package dev.tenancy.benchmarks.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the full-stack benchmarks load: projects of many tenants behind a JWT resource server.
 * <p>
 * One profile picks how tenants are told apart: {@code baseline} (not at all, tenancy library switched off),
 * {@code handwritten} (a filter and explicit {@code tenant_id} parameters, library switched off) or
 * {@code library} (the tenancy library with Hibernate's {@code @TenantId} and row-level security; the tenants'
 * placement comes from {@code tenancy.tenants}). Everything else, endpoints, JSON, token checks, pool, is the
 * same in every profile.
 */
@SpringBootApplication
public class BenchmarkApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkApplication.class, args);
	}

}
