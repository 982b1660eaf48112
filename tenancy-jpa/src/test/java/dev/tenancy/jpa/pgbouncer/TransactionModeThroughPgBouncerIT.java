package dev.tenancy.jpa.pgbouncer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.pgbouncer.PgBouncerTenants.Fixture;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestPgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.ALL;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.CATALOG;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.DEFAULT_SEARCH_PATH;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.searchPathOf;
import static dev.tenancy.jpa.pgbouncer.PgBouncerTenants.tableOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The library's default TRANSACTION mode behind PgBouncer in transaction pooling mode: many client connections
 * of SHARED and SCHEMA tenants, and of code with no tenant, take turns on three server connections, and no
 * transaction ever sees another tenant's rows, setting or schema.
 */
class TransactionModeThroughPgBouncerIT {

	private static final Logger logger = LoggerFactory.getLogger(TransactionModeThroughPgBouncerIT.class);

	private static final int THREADS = 12;

	private static final int TRANSACTIONS_PER_THREAD = 60;

	private static final String NO_TENANT = "(none)";

	static TenancyTestDatabase db;

	static TenancyTestPgBouncer bouncer;

	@BeforeAll
	static void start() {
		bouncer = TenancyTestPgBouncer.start(3);
		db = TenancyTestDatabase.create(TransactionModeThroughPgBouncerIT.class);
		PgBouncerTenants.migrate(db);
	}

	@AfterAll
	static void stop() {
		if (db != null) {
			db.close();
		}
		if (bouncer != null) {
			bouncer.close();
		}
	}

	@BeforeEach
	void seedEveryTenantsRowsAsTheSuperuser() {
		for (String tenant : ALL) {
			db.executeAsAdmin("delete from " + tableOf(tenant) + " where tenant_id = '" + tenant + "'; insert into "
					+ tableOf(tenant) + " (tenant_id, id, name) values ('" + tenant + "', gen_random_uuid(), '" + tenant
					+ "-seed')");
		}
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		for (String tenant : ALL) {
			assertThat(admin.queryForList("select name from " + tableOf(tenant) + " where tenant_id = ?", String.class,
					tenant)).containsExactly(tenant + "-seed");
		}
	}

	@Test
	void tenantsInterleavedOnFewServerConnectionsNeverSeeEachOthersRowsSettingsOrSchemas() throws Exception {
		Map<Integer, Set<String>> usersOfBackend = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> inserted = new ConcurrentHashMap<>();
		ALL.forEach((tenant) -> inserted.put(tenant, new AtomicInteger()));
		List<String> problems = Collections.synchronizedList(new ArrayList<>());
		try (HikariDataSource clients = bouncer.newAppPool(db.name(), THREADS)) {
			Fixture fixture = new Fixture(new TenantAwareDataSource(clients, TenantConnectionMode.TRANSACTION,
					TenantAwareDataSource.DEFAULT_SETTING_NAME, () -> CATALOG, () -> null));
			ExecutorService executor = Executors.newFixedThreadPool(THREADS);
			CountDownLatch go = new CountDownLatch(1);
			try {
				List<Future<?>> workers = new ArrayList<>();
				for (int thread = 0; thread < THREADS; thread++) {
					int worker = thread;
					workers.add(executor.submit(() -> {
						go.await();
						for (int i = 0; i < TRANSACTIONS_PER_THREAD; i++) {
							// every fifth transaction has no tenant; the others rotate over all tenants
							String tenant = ((worker + i) % 5 == 4) ? NO_TENANT : ALL.get((worker + i) % ALL.size());
							if (tenant.equals(NO_TENANT)) {
								noTenantTransaction(fixture, usersOfBackend, problems);
							}
							else {
								tenantTransaction(fixture, tenant, worker + "-" + i, usersOfBackend, problems);
								inserted.get(tenant).incrementAndGet();
							}
						}
						return null;
					}));
				}
				go.countDown();
				for (Future<?> result : workers) {
					result.get(5, TimeUnit.MINUTES);
				}
			}
			finally {
				executor.shutdownNow();
			}
		}
		logger.info("Backends and who used them: {}; PgBouncer {}", usersOfBackend, bouncer.version());
		assertThat(problems).isEmpty();
		assertThat(usersOfBackend.size()).as("server connections of the application role")
			.isLessThanOrEqualTo(bouncer.poolSize());
		assertThat(usersOfBackend.values()).as("tenants really took turns on the same server connection")
			.anySatisfy((users) -> assertThat(users).hasSizeGreaterThanOrEqualTo(3).contains(NO_TENANT));
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		for (String tenant : ALL) {
			assertThat(admin.queryForObject("select count(*) from " + tableOf(tenant) + " where tenant_id = ?",
					Integer.class, tenant))
				.as("%s's rows", tenant)
				.isEqualTo(inserted.get(tenant).get() + 1);
		}
		assertThat(admin.queryForList("select distinct tenant_id from public.projects order by 1", String.class))
			.containsExactly("acme", "initech");
		assertThat(admin.queryForList("select distinct tenant_id from t_globex.projects", String.class))
			.containsExactly("globex");
		assertThat(admin.queryForList("select distinct tenant_id from t_hooli.projects", String.class))
			.containsExactly("hooli");
	}

	private static void tenantTransaction(Fixture fixture, String tenant, String label,
			Map<Integer, Set<String>> usersOfBackend, List<String> problems) {
		fixture.asTenant(tenant, () -> {
			Map<String, Object> session = fixture.jdbc.queryForMap("select pg_backend_pid() as pid, "
					+ "current_setting('app.tenant_id', true) as tenant, current_setting('search_path') as path");
			usersOfBackend.computeIfAbsent((Integer) session.get("pid"), (pid) -> ConcurrentHashMap.newKeySet())
				.add(tenant);
			if (!tenant.equals(session.get("tenant")) || !searchPathOf(tenant).equals(session.get("path"))) {
				problems.add(tenant + " ran with setting " + session);
			}
			fixture.jdbc.update("insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), ?)", tenant,
					tenant + "-" + label);
			List<String> owners = fixture.jdbc.queryForList("select tenant_id from projects", String.class);
			if (owners.isEmpty() || owners.stream().anyMatch((owner) -> !owner.equals(tenant))) {
				problems.add(tenant + " saw rows of " + owners);
			}
			return null;
		});
	}

	private static void noTenantTransaction(Fixture fixture, Map<Integer, Set<String>> usersOfBackend,
			List<String> problems) {
		fixture.inTransaction(() -> {
			Map<String, Object> session = fixture.jdbc.queryForMap("select pg_backend_pid() as pid, "
					+ "coalesce(current_setting('app.tenant_id', true), '') as tenant, "
					+ "current_setting('search_path') as path, (select count(*) from projects) as visible");
			usersOfBackend.computeIfAbsent((Integer) session.get("pid"), (pid) -> ConcurrentHashMap.newKeySet())
				.add(NO_TENANT);
			if (!"".equals(session.get("tenant")) || !DEFAULT_SEARCH_PATH.equals(session.get("path"))
					|| ((Number) session.get("visible")).longValue() != 0) {
				problems.add("no tenant ran with " + session);
			}
			return null;
		});
	}

	@Test
	void noTenantTransactionRightAfterEachTenantsOnTheSameSessionSeesNothingOfIt() throws Exception {
		try (TenancyTestPgBouncer single = TenancyTestPgBouncer.start(1);
				HikariDataSource clients = single.newAppPool(db.name(), 4)) {
			Fixture fixture = new Fixture(new TenantAwareDataSource(clients, TenantConnectionMode.TRANSACTION,
					TenantAwareDataSource.DEFAULT_SETTING_NAME, () -> CATALOG, () -> null));
			for (String tenant : ALL) {
				int tenantBackend = fixture.asTenant(tenant, () -> {
					assertThat(fixture.jdbc.queryForList("select name from projects", String.class))
						.containsExactly(tenant + "-seed");
					return fixture.jdbc.queryForObject("select pg_backend_pid()", Integer.class);
				});
				Map<String, Object> after = fixture.inTransaction(() -> fixture.jdbc.queryForMap(
						"select pg_backend_pid() as pid, coalesce(current_setting('app.tenant_id', true), '') as tenant, "
								+ "current_setting('search_path') as path, (select count(*) from projects) as visible"));
				assertThat(after).as("the transaction after %s's, on one server connection", tenant)
					.containsEntry("pid", tenantBackend)
					.containsEntry("tenant", "")
					.containsEntry("path", DEFAULT_SEARCH_PATH)
					.containsEntry("visible", 0L);
				// and a plain connection that never went through the library sees the same
				try (Connection raw = clients.getConnection(); Statement statement = raw.createStatement();
						ResultSet rows = statement.executeQuery("select pg_backend_pid(), "
								+ "coalesce(current_setting('app.tenant_id', true), ''), current_setting('search_path')")) {
					rows.next();
					assertThat(rows.getInt(1)).isEqualTo(tenantBackend);
					assertThat(rows.getString(2)).isEmpty();
					assertThat(rows.getString(3)).isEqualTo(DEFAULT_SEARCH_PATH);
				}
				assertThatExceptionOfType(DataAccessException.class).as("a write with no tenant")
					.isThrownBy(() -> fixture.inTransaction(() -> fixture.jdbc.update(
							"insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), 'planted')", tenant)))
					.satisfies((ex) -> assertThat(ex).hasStackTraceContaining("violates row-level security policy"));
			}
		}
	}

	@Test
	void autocommitStatementOfATenantThroughPgBouncerCarriesNoTenant() {
		try (HikariDataSource clients = bouncer.newAppPool(db.name(), 2)) {
			JdbcTemplate jdbc = new JdbcTemplate(new TenantAwareDataSource(clients, TenantConnectionMode.TRANSACTION,
					TenantAwareDataSource.DEFAULT_SETTING_NAME, () -> CATALOG, () -> null));
			// TRANSACTION mode sets the tenant only inside transactions: outside one, row-level security shows nothing
			assertThat(TenantContext.where("acme")
				.get(() -> jdbc.queryForObject("select count(*) from projects", Integer.class))).isZero();
		}
	}

}
