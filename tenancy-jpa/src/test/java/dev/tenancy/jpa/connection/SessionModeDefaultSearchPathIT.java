package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.routing.DatabaseServer;
import dev.tenancy.jpa.routing.PooledTenantDataSources;
import dev.tenancy.jpa.routing.TenantPoolLimits;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SESSION mode with {@code DATABASE} tenants served by {@link PooledTenantDataSources}, whose runtime DataSource
 * is a new object on every call: each tenant database's default {@code search_path} is looked up once and
 * remembered once, however many connections are taken and however often its pool is evicted, and every
 * connection is handed out with its own database's default.
 */
class SessionModeDefaultSearchPathIT {

	private static final String SHARED_DEFAULT = "\"$user\", public";

	private static TenancyTestServer server;

	private static TenancyTestDatabase db;

	private static Tenant initech;

	private static Tenant hooli;

	private HikariDataSource shared;

	@BeforeAll
	static void createTenantDatabases() {
		server = TenancyTestServer.first();
		db = server.createTestDatabase(SessionModeDefaultSearchPathIT.class);
		String prefix = "sp_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24) + "_";
		initech = databaseTenant("initech", prefix + "initech");
		hooli = databaseTenant("hooli", prefix + "hooli");
		server.createDatabases(List.of(initech.databaseName(), hooli.databaseName()));
		// a default of its own in each database, so that a search_path restored from the wrong pool shows
		for (Tenant tenant : List.of(initech, hooli)) {
			server.executeAsAdmin("postgres", "alter database \"" + tenant.databaseName() + "\" set search_path = "
					+ tenant.id() + "_data, public");
		}
	}

	@AfterAll
	static void dropTenantDatabases() {
		if (initech != null) {
			server.dropDatabases(List.of(initech.databaseName(), hooli.databaseName()));
		}
		if (db != null) {
			db.close();
		}
	}

	@BeforeEach
	void openSharedPool() {
		this.shared = db.newAppPool(1);
	}

	@AfterEach
	void closeSharedPool() {
		this.shared.close();
	}

	@Test
	void manyCheckoutsOfADatabaseTenantLookUpItsDefaultSearchPathOnce() throws Exception {
		try (PooledTenantDataSources pools = pools(1, 1)) {
			TenantAwareDataSource routing = routing(pools);
			for (int checkout = 0; checkout < 200; checkout++) {
				assertThat(searchPathThenChangeIt(routing, "initech")).as("checkout %d", checkout)
					.isEqualTo("initech_data, public");
			}
			assertThat(searchPathThenChangeIt(routing, "acme")).isEqualTo(SHARED_DEFAULT);
			assertThat(searchPathThenChangeIt(routing, "initech")).isEqualTo("initech_data, public");
			assertThat(pools.getOpenConnections()).as("one connection served every checkout").isOne();
			assertThat(routing.rememberedSearchPaths()).as("the tenant pool and the shared pool").isEqualTo(2);
		}
	}

	@Test
	void databaseTenantsWhosePoolsEvictEachOtherAreRememberedOnceEach() throws Exception {
		// one pool open at a time: each checkout of the other tenant evicts the pool of the last one
		try (PooledTenantDataSources pools = pools(1, 4)) {
			TenantAwareDataSource routing = routing(pools);
			for (int round = 0; round < 10; round++) {
				assertThat(searchPathThenChangeIt(routing, "initech")).isEqualTo("initech_data, public");
				assertThat(searchPathThenChangeIt(routing, "hooli")).isEqualTo("hooli_data, public");
				assertThat(searchPathThenChangeIt(routing, "acme")).isEqualTo(SHARED_DEFAULT);
			}
			assertThat(pools.getClosedPools() + pools.getDrainingPools()).as("pools evicted").isGreaterThan(10);
			assertThat(routing.rememberedSearchPaths()).as("two tenant databases and the shared pool").isEqualTo(3);
		}
	}

	/**
	 * Takes a connection as the tenant, reads its search_path, then leaves another one on the session, as
	 * application code may, for the next checkout of the same connection to undo.
	 */
	private static String searchPathThenChangeIt(TenantAwareDataSource routing, String tenant) throws Exception {
		return TenantContext.where(tenant).call(() -> {
			try (Connection connection = routing.getConnection(); Statement statement = connection.createStatement()) {
				String searchPath;
				try (ResultSet rows = statement.executeQuery("show search_path")) {
					rows.next();
					searchPath = rows.getString(1);
				}
				statement.execute("set search_path = pg_catalog");
				return searchPath;
			}
		});
	}

	private TenantAwareDataSource routing(PooledTenantDataSources pools) {
		PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme"), initech, hooli));
		return new TenantAwareDataSource(this.shared, TenantConnectionMode.SESSION, "app.tenant_id", () -> catalog,
				() -> pools);
	}

	private static PooledTenantDataSources pools(int maxPools, int budget) {
		DatabaseServer primary = new DatabaseServer("primary", server.jdbcUrlTemplate(), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD, TenancyTestDatabase.OWNER_ROLE, TenancyTestDatabase.PASSWORD);
		return new PooledTenantDataSources(List.of(primary),
				new TenantPoolLimits(maxPools, budget, 1, Duration.ofMinutes(10), Duration.ofSeconds(5)));
	}

	private static Tenant databaseTenant(String id, String database) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.DATABASE, null, "primary", database);
	}

}
