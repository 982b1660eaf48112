package dev.tenancy.jpa.it;

import org.springframework.test.context.TestPropertySource;

/**
 * Both layers, with PostgreSQL forced to use generic cached plans, which must stay correct because the policy
 * reads the tenant at execution.
 */
@TestPropertySource(properties = "spring.datasource.hikari.connection-init-sql=set plan_cache_mode = force_generic_plan")
class GenericPlanIsolationIT extends AbstractIsolationIT {

	GenericPlanIsolationIT() {
		super(true, true);
	}

}
