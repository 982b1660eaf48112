package dev.tenancy.jpa.it;

import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;



/**
 * Both layers, with PostgreSQL forced to use generic cached plans, which must stay correct because the policy
 * reads the tenant at execution.
 */
@TestPropertySource(properties = "spring.datasource.hikari.connection-init-sql=set plan_cache_mode = force_generic_plan")
class GenericPlanIsolationIT extends AbstractIsolationIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(GenericPlanIsolationIT.class);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		db.registerSpringProperties(registry);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@Override
	TenancyTestDatabase database() {
		return db;
	}

	@Override
	boolean rlsLayer() {
		return true;
	}

	@Override
	boolean hibernateLayer() {
		return true;
	}

}
