package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.jpa.routing.TenantDataSources;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One data source serving a SHARED (acme), a SCHEMA (globex) and a DATABASE (initech) tenant at once: each
 * reaches only its own rows, and a pooled connection never keeps a tenant's schema.
 */
class PlacementRoutingIT {

	static TenancyTestDatabase db;

	static TenancyTestDatabase initechDb;

	static HikariDataSource initechPool;

	static final PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
			new Tenant(TenantId.of("globex"), "Globex", TenantStatus.ACTIVE, Placement.SCHEMA),
			new Tenant(TenantId.of("initech"), "Initech", TenantStatus.ACTIVE, Placement.DATABASE),
			new Tenant(TenantId.of("hooli"), "Hooli", TenantStatus.ACTIVE, Placement.SCHEMA),
			new Tenant(TenantId.of("wayne"), "Wayne", TenantStatus.ACTIVE, Placement.SCHEMA)));

	HikariDataSource shared;

	@BeforeAll
	static void createPlacements() {
		db = TenancyTestDatabase.create(PlacementRoutingIT.class);
		TenancySchema.migrate(db);
		TenancySchema.migrateTenantSchema(db, "t_globex");
		initechDb = TenancyTestDatabase.create(PlacementRoutingIT.class);
		TenancySchema.migrate(initechDb);
		initechPool = initechDb.newAppPool(2);
	}

	@AfterAll
	static void drop() {
		initechPool.close();
		initechDb.close();
		db.close();
	}

	@BeforeEach
	void seed() {
		for (String table : List.of("public.projects", "t_globex.projects")) {
			db.executeAsAdmin("delete from " + table);
		}
		initechDb.executeAsAdmin("delete from projects");
		this.shared = db.newAppPool(1);
	}

	@AfterEach
	void closePool() {
		this.shared.close();
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void eachPlacementWritesAndReadsOnlyItsOwnRows(TenantConnectionMode mode) {
		Fixture fixture = new Fixture(routing(mode));
		for (String tenant : List.of("acme", "globex", "initech")) {
			fixture.asTenant(tenant, () -> fixture.jdbc
				.update("insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), ?)", tenant, tenant + "-1"));
		}
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		assertThat(admin.queryForList("select name from public.projects", String.class)).containsExactly("acme-1");
		assertThat(admin.queryForList("select name from t_globex.projects", String.class)).containsExactly("globex-1");
		assertThat(new JdbcTemplate(initechDb.adminDataSource()).queryForList("select name from projects", String.class))
			.containsExactly("initech-1");
		for (String tenant : List.of("acme", "globex", "initech")) {
			assertThat(fixture.asTenant(tenant, () -> fixture.jdbc.queryForList("select name from projects", String.class)))
				.containsExactly(tenant + "-1");
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void readOnlyWorkReadsItsOwnRowsInEveryPlacementAndWritesNone(TenantConnectionMode mode) {
		Fixture fixture = new Fixture(routing(mode));
		for (String tenant : List.of("acme", "globex", "initech")) {
			fixture.asTenant(tenant, () -> fixture.jdbc
				.update("insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), ?)", tenant, tenant + "-1"));
		}
		for (String tenant : List.of("acme", "globex", "initech")) {
			TenantContext.where(tenant).readOnly().run(() -> {
				List<String> names = fixture.tx
					.execute((status) -> fixture.jdbc.queryForList("select name from projects", String.class));
				assertThat(names).as(tenant).containsExactly(tenant + "-1");
				assertThatExceptionOfType(DataAccessException.class).as(tenant)
					.isThrownBy(() -> fixture.tx.execute((status) -> fixture.jdbc.update(
							"update projects set name = ? where name = ?", "changed", tenant + "-1")))
					.withMessageContaining("read-only transaction");
			});
		}
		for (String tenant : List.of("acme", "globex", "initech")) {
			assertThat(fixture.asTenant(tenant, () -> fixture.jdbc.queryForList("select name from projects", String.class)))
				.containsExactly(tenant + "-1");
		}
	}

	@Test
	void perSchemaStatementsKeepEachSchemaOnItsOwnRows() {
		TenantAwareDataSource routing = routing(TenantConnectionMode.TRANSACTION);
		routing.setPerSchemaStatements(true);
		Fixture fixture = new Fixture(routing);
		for (String tenant : List.of("acme", "globex", "initech")) {
			fixture.asTenant(tenant, () -> fixture.jdbc
				.update("insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), ?) -- trailing comment", tenant, tenant + "-1"));
		}
		for (int round = 0; round < 8; round++) {
			for (String tenant : List.of("acme", "globex", "initech")) {
				assertThat(fixture.asTenant(tenant, () -> fixture.jdbc.queryForList("select name from projects", String.class)))
					.containsExactly(tenant + "-1");
			}
		}
		// prepared statements are the ones tagged: plain statements are never prepared on the server
		assertThat(fixture.asTenant("globex", () -> fixture.jdbc.queryForObject(
				"select query from pg_stat_activity where pid = pg_backend_pid() and 1 = ?", String.class, 1)))
			.endsWith("/* tenancy schema \"t_globex\", pg_temp */");
	}

	@Test
	void sharedTenantNamingAnotherTenantsSchemaStillSeesNothing() {
		Fixture fixture = new Fixture(routing(TenantConnectionMode.TRANSACTION));
		fixture.asTenant("globex", () -> fixture.jdbc
			.update("insert into projects (tenant_id, id, name) values ('globex', gen_random_uuid(), 'g')"));
		assertThat(fixture.asTenant("acme", () -> fixture.jdbc.queryForObject("select count(*) from t_globex.projects", Long.class)))
			.isZero();
		assertThat(fixture.asTenant("acme", () -> fixture.jdbc.update("delete from t_globex.projects"))).isZero();
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject("select count(*) from t_globex.projects", Long.class))
			.isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void connectionUsedByASchemaTenantKeepsNoSchemaForTheNextUser(TenantConnectionMode mode) throws SQLException {
		Fixture fixture = new Fixture(routing(mode));
		assertThat(fixture.asTenant("globex", () -> fixture.jdbc.queryForObject("show search_path", String.class)))
			.isEqualTo("\"t_globex\", pg_temp");
		assertThat(fixture.asTenant("acme", () -> fixture.jdbc.queryForObject("show search_path", String.class)))
			.isEqualTo("\"$user\", public");
		String withNoTenant = fixture.tx.execute((status) -> fixture.jdbc.queryForObject("show search_path", String.class));
		assertThat(withNoTenant).isEqualTo("\"$user\", public");
		try (Connection raw = this.shared.getConnection(); Statement statement = raw.createStatement();
				ResultSet rows = statement.executeQuery("show search_path")) {
			rows.next();
			assertThat(rows.getString(1)).isEqualTo("\"$user\", public");
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void aTemporaryTableLeftOnTheConnectionDoesNotStandInForASchemaTenantsTable(TenantConnectionMode mode) {
		db.executeAsAdmin("grant temporary on database \"" + db.name() + "\" to " + TenancyTestDatabase.APP_ROLE);
		Fixture fixture = new Fixture(routing(mode));
		fixture.asTenant("globex", () -> fixture.jdbc
			.update("insert into projects (tenant_id, id, name) values ('globex', gen_random_uuid(), 'g')"));
		// staged in a temporary table named like the tenant table, without ON COMMIT DROP: it outlives the checkout
		fixture.asTenant("hooli", () -> fixture.jdbc.update("create temporary table projects as "
				+ "select 'hooli'::text as tenant_id, gen_random_uuid() as id, 'left behind'::text as name"));
		assertThat(fixture.asTenant("globex", () -> fixture.jdbc.queryForList("select name from projects", String.class)))
			.as("the same pooled connection, the temporary table still there").containsExactly("g");
		assertThat(fixture.asTenant("globex", () -> fixture.jdbc.queryForObject(
				"select count(*) from pg_temp.projects", Long.class))).isOne();
	}

	@Test
	void connectionThatServedMoreSchemasThanTheLimitIsRetired() {
		TenantAwareDataSource routing = routing(TenantConnectionMode.TRANSACTION);
		routing.setMaxSchemasPerConnection(2);
		Fixture fixture = new Fixture(routing);
		int first = backendPid(fixture, "globex");
		assertThat(backendPid(fixture, "acme")).as("SHARED tenants do not count").isEqualTo(first);
		assertThat(backendPid(fixture, "hooli")).isEqualTo(first);
		assertThat(backendPid(fixture, "globex")).as("a schema served before does not count twice").isEqualTo(first);
		// the third schema: this use still runs on the connection, which is then retired from the pool
		assertThat(backendPid(fixture, "wayne")).isEqualTo(first);
		int second = backendPid(fixture, "globex");
		assertThat(second).isNotEqualTo(first);
		assertThat(this.shared.getHikariPoolMXBean().getTotalConnections()).isOne();
	}

	@Test
	void aConnectionRetiredForItsSchemasGoesBackUsableToAPoolOtherThanHikari() {
		// a pool of another kind: it hands the same connection out again and again
		SingleConnectionDataSource otherPool = new SingleConnectionDataSource(db.jdbcUrl(),
				TenancyTestDatabase.APP_ROLE, TenancyTestDatabase.PASSWORD, true);
		try {
			TenantAwareDataSource routing = new TenantAwareDataSource(otherPool, TenantConnectionMode.TRANSACTION,
					"app.tenant_id", () -> catalog, () -> null);
			routing.setMaxSchemasPerConnection(1);
			Fixture fixture = new Fixture(routing);
			int first = backendPid(fixture, "globex");
			// the second schema retires the connection, which is clean: this pool just gets it back
			assertThat(backendPid(fixture, "hooli")).isEqualTo(first);
			assertThat(backendPid(fixture, "acme")).isEqualTo(first);
		}
		finally {
			otherPool.destroy();
		}
	}

	@Test
	void schemaPoolsServeEachSchemaAlwaysFromTheSamePool() {
		TenantAwareDataSource routing = routing(TenantConnectionMode.TRANSACTION);
		try (HikariDataSource first = db.newAppPool(1); HikariDataSource second = db.newAppPool(1)) {
			routing.setSchemaPools(List.of(first, second));
			Fixture fixture = new Fixture(routing);
			Map<String, Integer> pids = new HashMap<>();
			for (String tenant : List.of("globex", "hooli", "wayne")) {
				pids.put(tenant, backendPid(fixture, tenant));
			}
			int acme = backendPid(fixture, "acme");
			for (int round = 0; round < 3; round++) {
				for (String tenant : List.of("globex", "hooli", "wayne")) {
					assertThat(backendPid(fixture, tenant)).as(tenant).isEqualTo(pids.get(tenant));
					assertThat(routing.schemaPool("t_" + tenant)).isIn(first, second);
				}
			}
			assertThat(pids.values()).as("SCHEMA tenants never use the shared pool").doesNotContain(acme);
			assertThat(first.getHikariPoolMXBean().getTotalConnections() + second.getHikariPoolMXBean().getTotalConnections())
				.isEqualTo(new HashSet<>(pids.values()).size());
			fixture.asTenant("globex", () -> fixture.jdbc
				.update("insert into projects (tenant_id, id, name) values ('globex', gen_random_uuid(), 'g')"));
			assertThat(fixture.asTenant("globex", () -> fixture.jdbc.queryForList("select name from projects", String.class)))
				.containsExactly("g");
			assertThat(fixture.asTenant("acme", () -> fixture.jdbc.queryForList("select name from projects", String.class)))
				.isEmpty();
			assertThat(fixture.asTenant("globex", () -> fixture.jdbc.queryForObject("show search_path", String.class)))
				.isEqualTo("\"t_globex\", pg_temp");
		}
	}

	private static int backendPid(Fixture fixture, String tenant) {
		return fixture.asTenant(tenant, () -> fixture.jdbc.queryForObject("select pg_backend_pid()", Integer.class));
	}

	@Test
	void unknownTenantGetsNoConnection() {
		TenantAwareDataSource routing = routing(TenantConnectionMode.TRANSACTION);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> TenantContext.where("umbrella").call(routing::getConnection))
			.withMessageContaining("'umbrella' is not in the tenant catalog");
	}

	@Test
	void databaseTenantWithoutTenantDataSourcesGetsNoConnection() {
		TenantAwareDataSource routing = new TenantAwareDataSource(this.shared, TenantConnectionMode.TRANSACTION,
				"app.tenant_id", () -> catalog, () -> null);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> TenantContext.where("initech").call(routing::getConnection))
			.withMessageContaining("DATABASE placement");
	}

	private TenantAwareDataSource routing(TenantConnectionMode mode) {
		TenantDataSources databases = new TenantDataSources() {

			@Override
			public DataSource runtimeDataSource(Tenant tenant) {
				assertThat(tenant.id().value()).isEqualTo("initech");
				return initechPool;
			}

			@Override
			public DataSource ownerDataSource(Tenant tenant) {
				return initechDb.ownerDataSource();
			}

		};
		return new TenantAwareDataSource(this.shared, mode, "app.tenant_id", () -> catalog, () -> databases);
	}

	static final class Fixture {

		final JdbcTemplate jdbc;

		final TransactionTemplate tx;

		Fixture(DataSource dataSource) {
			this.jdbc = new JdbcTemplate(dataSource);
			this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		}

		<T> T asTenant(String tenant, java.util.function.Supplier<T> work) {
			return TenantContext.where(tenant).get(() -> this.tx.execute((status) -> work.get()));
		}

	}

}
