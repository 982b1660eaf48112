package dev.tenancy.jpa.it;

import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "tenancy.jpa.discriminator-enabled=false" })
class RlsOnlyIsolationIT extends AbstractIsolationIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(RlsOnlyIsolationIT.class);

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
		return false;
	}

}
