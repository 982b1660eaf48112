package dev.tenancy.jpa.it;

import java.util.List;

import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A mixed pair: acme in its own schema, globex in its own database (with its own pool), both layers on. The
 * tenant migrator creates both at start-up.
 */
@TestPropertySource(properties = { "tenancy.tenants.acme.placement=SCHEMA", "tenancy.tenants.globex.placement=DATABASE" })
class SchemaVersusDatabaseIsolationIT extends AbstractIsolationIT {

	static final TenancyTestDatabase globexDb = TenancyTestDatabase.create(SchemaVersusDatabaseIsolationIT.class);

	SchemaVersusDatabaseIsolationIT() {
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
		return List.of(main("t_acme"), globexLocation());
	}

	@Override
	Location globexLocation() {
		return new Location(globexDb.adminDataSource(), "public");
	}

}
