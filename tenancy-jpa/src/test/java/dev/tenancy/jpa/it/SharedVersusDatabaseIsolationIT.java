package dev.tenancy.jpa.it;

import java.util.List;

import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A mixed pair: acme in the shared tables, globex in its own database on the same server, both layers on.
 */
@TestPropertySource(properties = "tenancy.tenants.globex.placement=DATABASE")
class SharedVersusDatabaseIsolationIT extends AbstractIsolationIT {

	static final TenancyTestDatabase globexDb = TenancyTestDatabase.create(SharedVersusDatabaseIsolationIT.class);

	SharedVersusDatabaseIsolationIT() {
		super(true, true);
	}

	@DynamicPropertySource
	static void globexDatabase(DynamicPropertyRegistry registry) {
		registry.add("tenancy.tenants.globex.database", globexDb::name);
	}

	@AfterAll
	static void dropGlobexDatabase() {
		globexDb.close();
	}

	@Override
	List<Location> locations() {
		return List.of(main("public"), globexLocation());
	}

	@Override
	Location globexLocation() {
		return new Location(globexDb.adminDataSource(), "public");
	}

}
