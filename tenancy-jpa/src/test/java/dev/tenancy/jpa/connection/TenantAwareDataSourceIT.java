package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.context.TenantJobRunner;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * A pool of one connection, handed to tenants in turn: the tenant never outlives its use of the connection.
 */
class TenantAwareDataSourceIT {

	static TenancyTestDatabase db;

	HikariDataSource poolOfOne;

	@BeforeAll
	static void migrate() {
		db = TenancyTestDatabase.create(TenantAwareDataSourceIT.class);
		TenancySchema.migrate(db);
		db.executeAsAdmin("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A1'), "
				+ "('acme', gen_random_uuid(), 'A2'), ('globex', gen_random_uuid(), 'G1')");
	}

	@AfterAll
	static void drop() {
		db.close();
	}

	@AfterEach
	void closePool() {
		if (this.poolOfOne != null) {
			this.poolOfOne.close();
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void alternatingTenantsAndNoTenantOnOneConnectionNeverLeak(TenantConnectionMode mode) {
		Fixture fixture = fixture(mode);
		for (int round = 0; round < 3; round++) {
			assertThat(fixture.countAs("acme")).isEqualTo(2);
			assertThat(fixture.countAs("globex")).isEqualTo(1);
			assertThat(fixture.countWithNoTenant()).isZero();
		}
	}

	@ParameterizedTest(name = "tenant with the first statement: {0}")
	@ValueSource(booleans = { true, false })
	void preparedStatementsAlternatingTenantsAndNoTenantOnOneConnectionNeverLeak(boolean withFirstStatement) {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne);
		dataSource.setTenantWithFirstStatement(withFirstStatement);
		Fixture fixture = new Fixture(dataSource);
		String count = "select count(*) from projects where name <> ?";
		for (int round = 0; round < 4; round++) {
			for (String tenant : new String[] { "acme", "globex" }) {
				long seen = TenantContext.where(tenant)
					.get(() -> fixture.tx.execute((status) -> fixture.jdbc.queryForObject(count, Long.class, "none")));
				assertThat(seen).as("%s in round %d", tenant, round).isEqualTo(tenant.equals("acme") ? 2 : 1);
			}
			Long withNoTenant = fixture.tx.execute((status) -> fixture.jdbc.queryForObject(count, Long.class, "none"));
			assertThat(withNoTenant).isZero();
			Long inAutocommit = TenantContext.where("acme").get(() -> fixture.jdbc.queryForObject(count, Long.class, "none"));
			assertThat(inAutocommit).isZero();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> TenantContext.where("acme").run(() -> fixture.tx.executeWithoutResult((status) -> {
					assertThat(fixture.jdbc.update("update projects set name = ? where name <> ?", "changed", "none"))
						.isEqualTo(2);
					fixture.jdbc.queryForObject("select 1 / (count(*) - 2) from projects where name <> ?", Long.class,
							"none");
				})))
				.withMessageContaining("division by zero");
		}
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from projects where name = 'changed'", Long.class)).isZero();
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void failedAndRolledBackTransactionLeavesNothingBehind(TenantConnectionMode mode) {
		Fixture fixture = fixture(mode);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> TenantContext.where("acme").run(() -> fixture.tx.executeWithoutResult((status) -> {
				assertThat(fixture.jdbc.update("update projects set name = 'changed'")).isEqualTo(2);
				fixture.jdbc.queryForObject("select 1/0", Integer.class);
			})))
			.withMessageContaining("division by zero");
		assertThat(fixture.countWithNoTenant()).isZero();
		assertThat(fixture.countAs("globex")).isEqualTo(1);
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from projects where name = 'changed'", Long.class)).isZero();
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void rollbackToASavepointKeepsTheTenant(TenantConnectionMode mode) {
		Fixture fixture = fixture(mode);
		long count = TenantContext.where("acme").get(() -> fixture.tx.execute((status) -> {
			Object savepoint = status.createSavepoint();
			fixture.jdbc.update("update projects set name = name");
			status.rollbackToSavepoint(savepoint);
			return fixture.jdbc.queryForObject("select count(*) from projects", Long.class);
		}));
		assertThat(count).isEqualTo(2);
	}

	@Test
	void transactionModeCarriesNoTenantIntoAutocommitStatements() {
		Fixture fixture = fixture(TenantConnectionMode.TRANSACTION);
		Long count = TenantContext.where("acme")
			.get(() -> fixture.jdbc.queryForObject("select count(*) from projects", Long.class));
		assertThat(count).isZero();
	}

	@Test
	void sessionModeCarriesTheTenantIntoAutocommitStatementsAndResetsItOnClose() throws Exception {
		Fixture fixture = fixture(TenantConnectionMode.SESSION);
		Long count = TenantContext.where("acme")
			.get(() -> fixture.jdbc.queryForObject("select count(*) from projects", Long.class));
		assertThat(count).isEqualTo(2);
		try (Connection raw = this.poolOfOne.getConnection(); Statement statement = raw.createStatement();
				ResultSet rows = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
			rows.next();
			assertThat(rows.getString(1)).isEmpty();
		}
	}

	@Test
	void transactionModeLeavesNoSessionLevelSetting() throws Exception {
		Fixture fixture = fixture(TenantConnectionMode.TRANSACTION);
		assertThat(fixture.countAs("acme")).isEqualTo(2);
		try (Connection raw = this.poolOfOne.getConnection(); Statement statement = raw.createStatement();
				ResultSet rows = statement.executeQuery("select coalesce(current_setting('app.tenant_id', true), '')")) {
			rows.next();
			assertThat(rows.getString(1)).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void anotherTenantBoundInsideATenantsTransactionIsRefused(TenantConnectionMode mode) {
		Fixture fixture = fixture(mode);
		long acmeAfter = TenantContext.where("acme").get(() -> fixture.tx.execute((status) -> {
			fixture.jdbc.queryForObject("select 1", Integer.class);
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("globex")
					.get(() -> fixture.jdbc.queryForObject("select count(*) from projects", Long.class)))
				.withMessageContaining("taken for tenant 'acme' and tenant 'globex' is bound now")
				.satisfies((ex) -> assertThat(ex.getBoundTenant()).hasToString("globex"));
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("globex").run(() -> fixture.jdbc
					.update("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'x')")));
			return fixture.jdbc.queryForObject("select count(*) from projects", Long.class);
		}));
		assertThat(acmeAfter).as("acme's own work goes on in its transaction").isEqualTo(2);
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject("select count(*) from projects where name = 'x'", Long.class)).isZero();
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void aTenantBoundInsideATransactionBegunWithNoTenantIsRefused(TenantConnectionMode mode) {
		Fixture fixture = fixture(mode);
		long seenWithNoTenant = fixture.tx.execute((status) -> {
			fixture.jdbc.queryForObject("select 1", Integer.class);
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("acme")
					.get(() -> fixture.jdbc.queryForObject("select count(*) from projects", Long.class)))
				.withMessageContaining("taken with no tenant bound and tenant 'acme' is bound now")
				.satisfies((ex) -> assertThat(ex.getConnectionTenant()).isNull());
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("acme").run(() -> fixture.jdbc
					.update("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'x')")));
			return fixture.jdbc.queryForObject("select count(*) from projects", Long.class);
		});
		assertThat(seenWithNoTenant).as("work with no tenant goes on in its transaction, and sees no rows").isZero();
		assertThat(fixture.countAs("acme")).as("the tenant's own transaction").isEqualTo(2);
	}

	@Test
	void tenantJobRunnerCalledInsideATransactionReportsEveryTenantFailed() {
		Fixture fixture = fixture(TenantConnectionMode.TRANSACTION);
		TenantJobRunner runner = new TenantJobRunner(new TenantCatalog() {

			final List<Tenant> tenants = Stream.of("acme", "globex")
				.map((id) -> new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.SHARED))
				.toList();

			@Override
			public Optional<Tenant> find(TenantId id) {
				return this.tenants.stream().filter((tenant) -> tenant.id().equals(id)).findFirst();
			}

			@Override
			public List<Tenant> findAll() {
				return this.tenants;
			}

		});
		Map<TenantId, Long> counted = new ConcurrentHashMap<>();
		// as from a @Transactional @Scheduled method: every tenant's work would otherwise count no rows
		TenantJobRunner.Report inside = fixture.tx.execute((status) -> runner.forEachActiveTenant("count",
				(tenant) -> counted.put(tenant.id(),
						fixture.jdbc.queryForObject("select count(*) from projects", Long.class))));
		assertThat(inside.succeeded()).isEmpty();
		assertThat(inside.failed()).containsOnlyKeys(TenantId.of("acme"), TenantId.of("globex"))
			.allSatisfy((tenant, ex) -> assertThat(ex).isInstanceOf(TenantMismatchException.class));
		assertThat(counted).isEmpty();
		TenantJobRunner.Report outside = runner.forEachActiveTenant("count",
				(tenant) -> counted.put(tenant.id(), fixture.tx.execute((status) -> fixture.jdbc
					.queryForObject("select count(*) from projects", Long.class))));
		assertThat(outside.allSucceeded()).isTrue();
		assertThat(counted).containsOnly(entry(TenantId.of("acme"), 2L), entry(TenantId.of("globex"), 1L));
	}

	@Test
	void anotherTenantsWorkRunsInATransactionOfItsOwn() {
		this.poolOfOne = db.newAppPool(2);
		Fixture fixture = new Fixture(new TenantAwareDataSource(this.poolOfOne));
		TransactionTemplate requiresNew = new TransactionTemplate(fixture.tx.getTransactionManager());
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		long[] seen = TenantContext.where("acme").get(() -> fixture.tx.execute((status) -> {
			long acme = fixture.jdbc.queryForObject("select count(*) from projects", Long.class);
			long globex = TenantContext.where("globex").get(() -> requiresNew
				.execute((inner) -> fixture.jdbc.queryForObject("select count(*) from projects", Long.class)));
			return new long[] { acme, globex, fixture.jdbc.queryForObject("select count(*) from projects", Long.class) };
		}));
		assertThat(seen).containsExactly(2, 1, 2);
	}

	@ParameterizedTest(name = "{0}, tenant with the first statement: {1}")
	@CsvSource({ "TRANSACTION, true", "TRANSACTION, false", "SESSION, true" })
	void aConfiguredSettingNameCarriesTheTenantAndNothingOutlivesItsUse(TenantConnectionMode mode,
			boolean withFirstStatement) throws Exception {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, mode, "myapp.tenant");
		dataSource.setTenantWithFirstStatement(withFirstStatement);
		Fixture fixture = new Fixture(dataSource);
		// a prepared statement with a parameter: the first statement of the transaction carries the tenant
		String setting = "select current_setting(?, true)";
		for (String tenant : new String[] { "acme", "globex" }) {
			String seen = TenantContext.where(tenant)
				.get(() -> fixture.tx.execute((status) -> fixture.jdbc.queryForObject(setting, String.class,
						"myapp.tenant")));
			assertThat(seen).isEqualTo(tenant);
		}
		String withNoTenant = fixture.tx
			.execute((status) -> fixture.jdbc.queryForObject(setting, String.class, "myapp.tenant"));
		assertThat(withNoTenant).isNullOrEmpty();
		try (Connection raw = this.poolOfOne.getConnection(); Statement statement = raw.createStatement();
				ResultSet rows = statement.executeQuery(
						"select coalesce(current_setting('myapp.tenant', true), ''), "
								+ "coalesce(current_setting('app.tenant_id', true), '')")) {
			rows.next();
			assertThat(rows.getString(1)).as("the configured setting, on the returned connection").isEmpty();
			assertThat(rows.getString(2)).as("the default setting, never set").isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void aTransactionThatABeginStatementLeftOpenInAutocommitIsRolledBackBeforeTheNextUser(TenantConnectionMode mode)
			throws Exception {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, mode, "app.tenant_id");
		try (TenantContext.Binding acme = TenantContext.bind(TenantId.of("acme"), false);
				Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("begin");
			statement.execute("select set_config('app.left_open', 'yes', true)");
			// closed in autocommit: no pool rolls back what the BEGIN started
		}
		try (TenantContext.Binding globex = TenantContext.bind(TenantId.of("globex"), false);
				Connection connection = dataSource.getConnection()) {
			assertThat(settings(connection)).as("what the next user's connection carries")
				.containsExactly(mode == TenantConnectionMode.SESSION ? "globex" : "", "");
			// a rollback inside the left-open transaction would undo the session-level setting made in it
			connection.setAutoCommit(false);
			connection.rollback();
			connection.setAutoCommit(true);
			assertThat(settings(connection)).as("after the next user rolls back")
				.containsExactly(mode == TenantConnectionMode.SESSION ? "globex" : "", "");
		}
	}

	@Test
	void aConnectionWhoseSessionCannotBeResetIsEvictedFromItsHikariPool() throws Exception {
		this.poolOfOne = db.newAppPool(1);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.poolOfOne, TenantConnectionMode.SESSION,
				"app.tenant_id");
		int acmesBackend;
		try (TenantContext.Binding acme = TenantContext.bind(TenantId.of("acme"), false);
				Connection connection = dataSource.getConnection()) {
			acmesBackend = backend(connection);
			failTheResetOnClose(connection);
		}
		try (Connection connection = dataSource.getConnection()) {
			assertThat(backend(connection)).as("a fresh connection, the other one evicted").isNotEqualTo(acmesBackend);
			assertThat(settings(connection)).containsExactly("", "");
		}
	}

	@Test
	void aConnectionWhoseSessionCannotBeResetIsClosedBehindAnotherPoolsHandle() throws Exception {
		// a pool of another kind: it hands the same connection out again and again, never closing it
		SingleConnectionDataSource otherPool = new SingleConnectionDataSource(db.jdbcUrl(),
				TenancyTestDatabase.APP_ROLE, TenancyTestDatabase.PASSWORD, true);
		TenantAwareDataSource dataSource = new TenantAwareDataSource(otherPool, TenantConnectionMode.SESSION,
				"app.tenant_id");
		try (TenantContext.Binding acme = TenantContext.bind(TenantId.of("acme"), false);
				Connection connection = dataSource.getConnection()) {
			failTheResetOnClose(connection);
		}
		// it would otherwise hand out a session that still carries 'acme'
		assertThatExceptionOfType(SQLException.class).isThrownBy(otherPool::getConnection)
			.withMessageContaining("Connection was closed");
	}

	/** Makes the tenant's reset on close call a function that fails, so that the session keeps its tenant. */
	private static void failTheResetOnClose(Connection connection) throws Exception {
		db.executeAsAdmin("create schema if not exists trap");
		db.executeAsAdmin("create or replace function trap.set_config(text, text, boolean) returns text "
				+ "language plpgsql as $$ begin raise exception 'no settings here'; end $$");
		db.executeAsAdmin("grant usage on schema trap to " + TenancyTestDatabase.APP_ROLE);
		try (Statement statement = connection.createStatement()) {
			statement.execute("set search_path = trap, pg_catalog");
		}
	}

	private static int backend(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	/** The tenant setting and {@code app.left_open}, empty when not set. */
	private static List<String> settings(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
				"select coalesce(current_setting('app.tenant_id', true), ''), "
						+ "coalesce(current_setting('app.left_open', true), '')")) {
			rows.next();
			return List.of(rows.getString(1), rows.getString(2));
		}
	}

	@Test
	void rejectsASettingNameThatIsNotACustomSetting() {
		assertThat(org.assertj.core.api.Assertions.catchThrowable(
				() -> new TenantAwareDataSource(db.appDataSource(), TenantConnectionMode.SESSION, "search_path")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("prefix.name");
	}

	private Fixture fixture(TenantConnectionMode mode) {
		this.poolOfOne = db.newAppPool(1);
		return new Fixture(new TenantAwareDataSource(this.poolOfOne, mode, "app.tenant_id"));
	}

	static final class Fixture {

		final JdbcTemplate jdbc;

		final TransactionTemplate tx;

		Fixture(TenantAwareDataSource dataSource) {
			this.jdbc = new JdbcTemplate(dataSource);
			this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		}

		long countAs(String tenant) {
			return TenantContext.where(tenant)
				.get(() -> this.tx.execute((status) -> this.jdbc.queryForObject("select count(*) from projects", Long.class)));
		}

		long countWithNoTenant() {
			return this.tx.execute((status) -> this.jdbc.queryForObject("select count(*) from projects", Long.class));
		}

	}

}
