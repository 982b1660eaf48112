package dev.tenancy.jpa.fuzz;

import java.util.EnumMap;
import java.util.Map;

import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestPgBouncer;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both layers, with every runtime connection of the application (the shared pool and the pools of DATABASE
 * tenants, on both servers) going through PgBouncer in transaction pooling mode with 3 server connections per
 * database and role, so that tenants and work with no tenant interleave on the same PostgreSQL sessions. The
 * library runs in its default TRANSACTION mode. Migrations and the privileged checks connect directly.
 * Skips when PgBouncer is not installed, unless {@code TENANCY_TEST_REQUIRE_PGBOUNCER=true} (as in CI).
 */
class PgBouncerIsolationFuzzIT extends AbstractIsolationFuzzIT {

	private static final Map<FuzzServer, TenancyTestPgBouncer> bouncers = new EnumMap<>(FuzzServer.class);

	/** Whether the run was skipped because PgBouncer is not installed (and not required). */
	private static boolean unavailable;

	@AfterAll
	static void stopPgBouncers() {
		try {
			if (unavailable) {
				return;
			}
			// the run really went through PgBouncer: the application's connections logged in there
			assertThat(bouncers).containsKey(FuzzServer.FIRST);
			bouncers.forEach((server, bouncer) -> assertThat(bouncer.log()).as("PgBouncer log of the %s server", server)
				.contains("login attempt: db=tenancy_it_"));
		}
		finally {
			bouncers.values().forEach(TenancyTestPgBouncer::close);
			bouncers.clear();
		}
	}

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.bothLayersThroughPgBouncer();
	}

	@Override
	protected String runtimeUrlTemplate(FuzzServer server) {
		try {
			return bouncers.computeIfAbsent(server, (key) -> TenancyTestPgBouncer.start(
					(key == FuzzServer.FIRST) ? TenancyTestDatabase.serverUrl() : TenancyTestServer.secondServerUrl(),
					TenancyTestPgBouncer.DEFAULT_POOL_SIZE))
				.jdbcUrlTemplate();
		}
		catch (TestAbortedException ex) {
			unavailable = true;
			throw ex;
		}
	}

}
