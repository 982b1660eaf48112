package dev.tenancy.jpa.it;

import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;



class BothLayersIsolationIT extends AbstractIsolationIT {

	static final TenancyTestDatabase db = TenancyTestDatabase.create(BothLayersIsolationIT.class);

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
