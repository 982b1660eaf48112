package dev.tenancy.jpa.it;

import java.util.List;

import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.opentest4j.TestAbortedException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Two DATABASE tenants on two servers: acme's database on the first, globex's on the second, each with its own
 * pool, both layers on. Runs when the second server is reachable, and always when
 * {@code TENANCY_TEST_REQUIRE_SECOND_SERVER=true} (as in CI), where a missing server fails it.
 */
@EnabledIf("secondServerInUse")
@TestPropertySource(properties = { "tenancy.tenants.acme.placement=DATABASE", "tenancy.tenants.globex.placement=DATABASE",
		"tenancy.tenants.globex.server=second" })
class DatabaseVersusDatabaseIsolationIT extends AbstractIsolationIT {

	DatabaseVersusDatabaseIsolationIT() {
		super(true, true);
	}

	static boolean secondServerInUse() {
		try {
			TenancyTestServer.second();
			return true;
		}
		catch (TestAbortedException ex) {
			return false;
		}
	}

	@DynamicPropertySource
	static void tenantDatabases(DynamicPropertyRegistry registry) {
		registry.add("tenancy.tenants.acme.database", () -> Databases.acme.name());
		registry.add("tenancy.tenants.globex.database", () -> Databases.globex.name());
		registry.add("tenancy.placement.servers.second.url", () -> TenancyTestServer.second().jdbcUrlTemplate());
		registry.add("tenancy.placement.servers.second.username", () -> TenancyTestDatabase.APP_ROLE);
		registry.add("tenancy.placement.servers.second.password", () -> TenancyTestDatabase.PASSWORD);
		registry.add("tenancy.placement.servers.second.owner-username", () -> TenancyTestDatabase.OWNER_ROLE);
		registry.add("tenancy.placement.servers.second.owner-password", () -> TenancyTestDatabase.PASSWORD);
	}

	@AfterAll
	static void dropTenantDatabases() {
		Databases.acme.close();
		Databases.globex.close();
	}

	@Override
	List<Location> locations() {
		return List.of(new Location(Databases.acme.adminDataSource(), "public"), globexLocation());
	}

	@Override
	Location globexLocation() {
		return new Location(Databases.globex.adminDataSource(), "public");
	}

	/** Created on first use, after the condition above has let the class run. */
	static final class Databases {

		static final TenancyTestDatabase acme = TenancyTestDatabase.create(DatabaseVersusDatabaseIsolationIT.class);

		static final TenancyTestDatabase globex = TenancyTestServer.second()
			.createTestDatabase(DatabaseVersusDatabaseIsolationIT.class);

	}

}
