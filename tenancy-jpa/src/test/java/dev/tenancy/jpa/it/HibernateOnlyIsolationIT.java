package dev.tenancy.jpa.it;

import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "spring.flyway.locations=classpath:db/migration,classpath:db/rls-off", "tenancy.rls.guard=WARN" })
class HibernateOnlyIsolationIT extends AbstractIsolationIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(HibernateOnlyIsolationIT.class);

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
		return false;
	}

	@Override
	boolean hibernateLayer() {
		return true;
	}

}
