package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Prepared statements that carry the tenant themselves, over the life of transactions: reused in later
 * transactions, around savepoints, rollbacks and the driver's automatic savepoints, in batches and when
 * described. Every check reads as the restricted role, on a pool of one connection, tenant acme owning two
 * projects (SHARED) and tenant globex one in its own schema.
 */
class TenantWithFirstStatementIT {

	static TenancyTestDatabase db;

	static ProtocolMessageCounter counter;

	static final PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
			new Tenant(TenantId.of("globex"), "Globex", TenantStatus.ACTIVE, Placement.SCHEMA)));

	HikariDataSource pool;

	@BeforeAll
	static void createTenants() throws Exception {
		db = TenancyTestDatabase.create(TenantWithFirstStatementIT.class);
		TenancySchema.migrate(db);
		TenancySchema.migrateTenantSchema(db, "t_globex");
		db.executeAsAdmin("create table t_globex.only_in_globex (only_column int)"
				+ "; grant select on t_globex.only_in_globex to " + TenancyTestDatabase.APP_ROLE
				+ "; insert into public.projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A1'), "
				+ "('acme', gen_random_uuid(), 'A2'), ('globex', gen_random_uuid(), 'G-in-public')"
				+ "; insert into t_globex.projects (tenant_id, id, name) values ('globex', gen_random_uuid(), 'G1')"
				+ "; create table public.deferred_unique (v int unique deferrable initially deferred)"
				+ "; grant insert on public.deferred_unique to " + TenancyTestDatabase.APP_ROLE);
		counter = ProtocolMessageCounter.inFrontOf(db);
	}

	@AfterAll
	static void drop() throws Exception {
		counter.close();
		db.close();
	}

	@AfterEach
	void closePool() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	@Test
	void aStatementPreparedWhileTheTenantWasPendingCarriesItIntoLaterTransactions() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				for (int i = 0; i < 4; i++) {
					counter.reset();
					assertThat(single(count)).as("transaction %d", i).isEqualTo(2);
					assertThat(counter.syncs()).as("round trips of the first statement").isOne();
					if (i % 2 == 0) {
						connection.commit();
					}
					else {
						connection.rollback();
					}
				}
			}
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aStatementPreparedAfterTheTenantWasSetCarriesItIntoALaterTransaction() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement first = connection.prepareStatement("select count(*) from projects where name = 'A1'");
					PreparedStatement second = prepareAfter(connection, first, "select count(*) from projects")) {
				assertThat(single(second)).isEqualTo(2);
				connection.commit();
				counter.reset();
				assertThat(single(second)).isEqualTo(2);
				assertThat(counter.syncs()).as("a setting of its own, then the statement").isEqualTo(2);
				connection.rollback();
			}
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aSavepointTakenBeforeAnyStatementComesAfterTheTenant() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects");
					PreparedStatement rename = connection.prepareStatement("update projects set name = 'x'")) {
				Savepoint savepoint = connection.setSavepoint();
				assertThat(rename.executeUpdate()).isEqualTo(2);
				connection.rollback(savepoint);
				assertThat(single(count)).isEqualTo(2);
				Savepoint named = connection.setSavepoint("named");
				assertThat(rename.executeUpdate()).isEqualTo(2);
				connection.rollback(named);
				assertThat(single(count)).isEqualTo(2);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aSavepointTakenInSqlAsTheFirstStatementComesAfterTheTenant() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement savepoint = connection.prepareStatement("savepoint in_sql");
					PreparedStatement rollback = connection.prepareStatement("rollback to savepoint in_sql");
					PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				savepoint.execute();
				rollback.execute();
				assertThat(single(count)).isEqualTo(2);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aFirstStatementRolledBackByAutosaveLeavesTheTenantPending() throws Exception {
		try (Connection connection = connection("acme", "autosave=always")) {
			connection.setAutoCommit(false);
			// fails only once the tenant is set: acme sees 2 projects
			try (PreparedStatement failing = connection.prepareStatement("select 1 / (count(*) - 2) from projects");
					PreparedStatement preparedBefore = connection.prepareStatement("select count(*) from projects")) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(failing))
					.withMessageContaining("division by zero");
				// the driver rolled back to its savepoint from before the failed statement, tenant setting included
				assertThat(single(preparedBefore)).isEqualTo(2);
				try (PreparedStatement preparedAfter = connection.prepareStatement("select count(*) from projects")) {
					assertThat(single(preparedAfter)).isEqualTo(2);
				}
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void withoutAutosaveAFailedFirstStatementAbortsTheTransactionAndTheNextCarriesTheTenant() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement failing = connection.prepareStatement("select 1 / (count(*) - 2) from projects");
					PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(failing));
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(count))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25P02"));
				connection.rollback();
				assertThat(single(count)).isEqualTo(2);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aBatchAsTheFirstWorkOfATransactionSetsTheTenantFirst() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection
				.prepareStatement("insert into projects (tenant_id, id, name) values (?, gen_random_uuid(), ?)")) {
				for (String name : List.of("B1", "B2", "B3")) {
					insert.setString(1, "acme");
					insert.setString(2, name);
					insert.addBatch();
				}
				counter.reset();
				// the row-level security policy's WITH CHECK rejects each row unless the tenant is set
				assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
				assertThat(counter.syncs()).as("a setting of its own, then the batch").isEqualTo(2);
			}
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				assertThat(single(count)).isEqualTo(5);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aSchemaTenantsStatementIsDescribedInItsSchema() throws Exception {
		try (Connection connection = connection("globex", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection
				.prepareStatement("select only_column from only_in_globex where only_column = ?")) {
				ResultSetMetaData columns = select.getMetaData();
				assertThat(columns.getColumnName(1)).isEqualTo("only_column");
				ParameterMetaData parameters = select.getParameterMetaData();
				assertThat(parameters.getParameterCount()).isOne();
			}
			try (PreparedStatement names = connection.prepareStatement("select string_agg(name, ',') from projects")) {
				assertThat(singleText(names)).isEqualTo("G1");
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void theResultsOfTheStatementThatRanBeforeAreClosedByTheNextExecution() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement("select name from projects order by name")) {
				ResultSet first = select.executeQuery(); // with the setting in front
				ResultSet second = select.executeQuery(); // without: the tenant is set
				assertThat(first.isClosed()).isTrue();
				assertThat(second.next()).isTrue();
				assertThat(second.getString(1)).isEqualTo("A1");
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void closeOnCompletionClosesTheStatementWithItsResults() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			PreparedStatement select = connection.prepareStatement("select count(*) from projects");
			select.closeOnCompletion();
			try (ResultSet rows = select.executeQuery()) {
				rows.next();
				assertThat(rows.getLong(1)).isEqualTo(2);
				assertThat(select.isClosed()).isFalse();
			}
			assertThat(select.isClosed()).isTrue();
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void forwardOnlyReadOnlyStatementsCarryTheTenantLikeThePlainForm() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			for (int transaction = 0; transaction < 2; transaction++) {
				try (PreparedStatement count = connection.prepareStatement("select count(*) from projects",
						ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
					counter.reset();
					assertThat(single(count)).isEqualTo(2);
					assertThat(counter.syncs()).as("round trips").isOne();
				}
				connection.commit();
			}
			connection.setAutoCommit(true);
		}
	}

	@Test
	void otherStatementFactoriesSetTheTenantOnTheirOwn() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			counter.reset();
			try (PreparedStatement scrollable = connection.prepareStatement("select count(*) from projects",
					ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
				assertThat(single(scrollable)).isEqualTo(2);
				assertThat(counter.syncs()).as("a setting of its own, then the statement").isEqualTo(2);
			}
			connection.rollback();
			counter.reset();
			try (PreparedStatement keys = connection.prepareStatement(
					"insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'K')",
					Statement.RETURN_GENERATED_KEYS)) {
				assertThat(keys.executeUpdate()).isOne();
				assertThat(counter.syncs()).as("a setting of its own, then the statement").isEqualTo(2);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	static Stream<Arguments> everyOtherStatementFactory() {
		String count = "select count(*) from projects";
		String insert = "insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'K')";
		int forward = ResultSet.TYPE_FORWARD_ONLY;
		int readOnly = ResultSet.CONCUR_READ_ONLY;
		int hold = ResultSet.HOLD_CURSORS_OVER_COMMIT;
		// a count sees acme's two rows only with the tenant set; an insert of acme's row passes the policy's check
		// only with the tenant set
		return Stream.of(
				Arguments.of("createStatement()", 2, (Query) (c) -> count(c.createStatement().executeQuery(count))),
				Arguments.of("createStatement(type, concurrency)", 2,
						(Query) (c) -> count(c.createStatement(forward, readOnly).executeQuery(count))),
				Arguments.of("createStatement(type, concurrency, holdability)", 2,
						(Query) (c) -> count(c.createStatement(forward, readOnly, hold).executeQuery(count))),
				Arguments.of("prepareStatement(sql, type, concurrency, holdability)", 2,
						(Query) (c) -> count(c.prepareStatement(count, forward, readOnly, hold).executeQuery())),
				Arguments.of("prepareStatement(sql, autoGeneratedKeys)", 1,
						(Query) (c) -> c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS).executeUpdate()),
				Arguments.of("prepareStatement(sql, columnIndexes)", 1,
						(Query) (c) -> c.prepareStatement(insert, new int[0]).executeUpdate()),
				Arguments.of("prepareStatement(sql, columnNames)", 1,
						(Query) (c) -> c.prepareStatement(insert, new String[] { "name" }).executeUpdate()),
				Arguments.of("prepareCall(sql)", 2, (Query) (c) -> count(c.prepareCall(count).executeQuery())),
				Arguments.of("prepareCall(sql, type, concurrency)", 2,
						(Query) (c) -> count(c.prepareCall(count, forward, readOnly).executeQuery())),
				Arguments.of("prepareCall(sql, type, concurrency, holdability)", 2,
						(Query) (c) -> count(c.prepareCall(count, forward, readOnly, hold).executeQuery())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyOtherStatementFactory")
	void everyOtherStatementFactorySetsTheTenantFirst(String factory, long expected, Query query) throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			assertThat(query.run(connection)).isEqualTo(expected);
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	static Stream<Arguments> statementsThatSetTheTenantOnTheirOwn() {
		String count = "select count(*) from projects";
		String insert = "insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'K')";
		int forward = ResultSet.TYPE_FORWARD_ONLY;
		int readOnly = ResultSet.CONCUR_READ_ONLY;
		int hold = ResultSet.HOLD_CURSORS_OVER_COMMIT;
		return Stream.of(Arguments.of("createStatement()", 2, (Made) (c) -> {
			Statement statement = c.createStatement();
			return () -> count(statement.executeQuery(count));
		}), Arguments.of("prepareStatement(sql, type, concurrency, holdability)", 2, (Made) (c) -> {
			PreparedStatement statement = c.prepareStatement(count, forward, readOnly, hold);
			return () -> count(statement.executeQuery());
		}), Arguments.of("prepareStatement(sql, autoGeneratedKeys)", 1, (Made) (c) -> {
			PreparedStatement statement = c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS);
			return () -> statement.executeUpdate();
		}), Arguments.of("prepareCall(sql)", 2, (Made) (c) -> {
			PreparedStatement statement = c.prepareCall(count);
			return () -> count(statement.executeQuery());
		}), Arguments.of("a batch of createStatement()", 1, (Made) (c) -> {
			Statement statement = c.createStatement();
			return () -> {
				statement.addBatch(insert);
				return statement.executeBatch()[0];
			};
		}));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("statementsThatSetTheTenantOnTheirOwn")
	void aStatementThatSetsTheTenantOnItsOwnSetsItAgainInTheNextTransaction(String factory, long expected, Made made)
			throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			Run run = made.make(connection);
			assertThat(run.run()).as("in the transaction it was made in").isEqualTo(expected);
			connection.rollback();
			assertThat(run.run()).as("in the next transaction").isEqualTo(expected);
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aSchemaTenantsStatementRunsInItsSchemaInTheNextTransaction() throws Exception {
		try (Connection connection = connection("globex", "")) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				String where = "select count(*) || current_setting('search_path') from projects";
				assertThat(text(statement.executeQuery(where))).isEqualTo("1\"t_globex\", pg_temp");
				connection.commit();
				assertThat(text(statement.executeQuery(where))).isEqualTo("1\"t_globex\", pg_temp");
				assertThat(statement.getConnection()).isSameAs(connection);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void withTheTenantNotTravellingWithTheFirstStatementAPreparedStatementSetsItAgainInTheNextTransaction()
			throws Exception {
		this.pool = counter.appPool(1, "");
		TenantAwareDataSource dataSource = routing(this.pool);
		dataSource.setTenantWithFirstStatement(false);
		try (Connection connection = TenantContext.where("acme").call(dataSource::getConnection)) {
			connection.setAutoCommit(false);
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				assertThat(single(count)).isEqualTo(2);
				connection.commit();
				assertThat(single(count)).isEqualTo(2);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@FunctionalInterface
	interface Made {

		/** Makes a statement on the connection and returns how to run it, in this transaction or a later one. */
		Run make(Connection connection) throws SQLException;

	}

	@FunctionalInterface
	interface Run {

		long run() throws SQLException;

	}

	@FunctionalInterface
	interface Query {

		long run(Connection connection) throws SQLException;

	}

	private static String text(ResultSet rows) throws SQLException {
		try (rows) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static long count(ResultSet rows) throws SQLException {
		try (rows) {
			rows.next();
			return rows.getLong(1);
		}
	}

	@Test
	void aClosedConnectionAndItsStatementsNeverRunInTheNextUsersTransaction() throws Exception {
		onALaxPoolOfOne((dataSource) -> {
			Connection acme = TenantContext.where("acme").call(dataSource::getConnection);
			acme.setAutoCommit(false);
			PreparedStatement leftOver = acme.prepareStatement("select count(*) from projects");
			acme.rollback();
			acme.setAutoCommit(true);
			acme.close();
			try (Connection globex = TenantContext.where("globex").call(dataSource::getConnection)) {
				globex.setAutoCommit(false);
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(leftOver))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08003"));
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> acme.prepareStatement("select count(*) from projects"))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08003"));
				assertThatExceptionOfType(SQLException.class).isThrownBy(acme::setSavepoint)
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08003"));
				try (PreparedStatement names = globex.prepareStatement("select string_agg(name, ',') from projects")) {
					assertThat(singleText(names)).isEqualTo("G1");
				}
				globex.rollback();
				globex.setAutoCommit(true);
			}
		});
	}

	@Test
	void aConnectionClosedInAnUnfinishedTransactionLeavesNothingToTheNextUser() throws Exception {
		onALaxPoolOfOne((dataSource) -> {
			Connection acme = TenantContext.where("acme").call(dataSource::getConnection);
			acme.setAutoCommit(false);
			try (PreparedStatement insert = acme.prepareStatement(
					"insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A-unfinished')")) {
				insert.executeUpdate();
			}
			acme.close();
			try (Connection none = dataSource.getConnection();
					PreparedStatement seen = none.prepareStatement("select count(*) from projects")) {
				assertThat(single(seen)).as("rows a connection with no tenant sees").isZero();
			}
			try (Connection globex = TenantContext.where("globex").call(dataSource::getConnection)) {
				globex.setAutoCommit(false);
				try (PreparedStatement names = globex.prepareStatement("select string_agg(name, ',') from projects")) {
					assertThat(singleText(names)).isEqualTo("G1");
				}
				globex.commit();
				globex.setAutoCommit(true);
			}
		});
		assertThat(adminCount("select count(*) from public.projects where name = 'A-unfinished'")).isZero();
	}

	@Test
	void closingAConnectionLeftOutOfAutocommitAfterItsTransactionEndedSendsNothing() throws Exception {
		// as HikariCP with auto-commit=false hands connections out and Hibernate leaves them
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				assertThat(single(count)).isEqualTo(2);
			}
			connection.commit();
			counter.reset();
		}
		assertThat(counter.syncs()).as("round trips to return the connection").isZero();
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				assertThat(single(count)).isEqualTo(2);
			}
			counter.reset();
		}
		assertThat(counter.syncs()).as("round trips to return it with its transaction unfinished: the rollback")
			.isOne();
	}

	@Test
	void aClosedHandleNeitherEndsNorChangesTheNextUsersTransaction() throws Exception {
		onALaxPoolOfOne((dataSource) -> {
			Connection acme = TenantContext.where("acme").call(dataSource::getConnection);
			acme.close();
			try (Connection globex = TenantContext.where("globex").call(dataSource::getConnection)) {
				globex.setAutoCommit(false);
				try (PreparedStatement insert = globex.prepareStatement(
						"insert into projects (tenant_id, id, name) values ('globex', gen_random_uuid(), 'G-kept')")) {
					insert.executeUpdate();
				}
				for (ThrowingCallable stale : List.<ThrowingCallable>of(acme::rollback, acme::commit,
						() -> acme.setAutoCommit(true), () -> acme.setReadOnly(true), acme::getMetaData)) {
					assertThatExceptionOfType(SQLException.class).isThrownBy(stale)
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08003"));
				}
				assertThat(acme.isValid(1)).isFalse();
				try (PreparedStatement names = globex.prepareStatement("select string_agg(name, ',' order by name) "
						+ "from projects")) {
					assertThat(singleText(names)).isEqualTo("G-kept,G1");
				}
				globex.commit();
				globex.setAutoCommit(true);
			}
		});
		assertThat(adminCount("select count(*) from t_globex.projects where name = 'G-kept'")).isOne();
		db.executeAsAdmin("delete from t_globex.projects where name = 'G-kept'");
	}

	@Test
	void aFailedCommitLeavesTheTenantToBeSetInTheNextTransaction() throws Exception {
		try (Connection connection = connection("acme", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("insert into deferred_unique (v) values (1)")) {
				insert.executeUpdate();
				insert.executeUpdate();
			}
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit)
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("23505"));
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				assertThat(single(count)).isEqualTo(2);
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void aSchemaTenantsStatementEndingInASemicolonRunsWithItsOwnText() throws Exception {
		this.pool = counter.appPool(1, "");
		TenantAwareDataSource dataSource = routing(this.pool);
		dataSource.setPerSchemaStatements(true);
		try (Connection globex = TenantContext.where("globex").call(dataSource::getConnection)) {
			globex.setAutoCommit(false);
			try (PreparedStatement names = globex.prepareStatement("select string_agg(name, ',') from projects; \n")) {
				assertThat(singleText(names)).isEqualTo("G1");
			}
			globex.rollback();
			globex.setAutoCommit(true);
		}
	}

	@Test
	void autocommitStatementsStillCarryNoTenant() throws Exception {
		try (Connection connection = connection("acme", "")) {
			try (PreparedStatement count = connection.prepareStatement("select count(*) from projects")) {
				counter.reset();
				assertThat(single(count)).isZero();
				assertThat(counter.syncs()).isOne();
			}
		}
	}

	@Test
	void jdbcTemplateInTransactionsAlternatingTenantsAndNoTenantNeverLeaks() {
		this.pool = counter.appPool(1, "");
		TenantAwareDataSourceIT.Fixture fixture = new TenantAwareDataSourceIT.Fixture(routing(this.pool));
		JdbcTemplate jdbc = fixture.jdbc;
		for (int round = 0; round < 3; round++) {
			for (String tenant : List.of("acme", "globex")) {
				List<String> names = TenantContext.where(tenant).get(() -> fixture.tx.execute((status) -> jdbc
					.queryForList("select name from projects where name <> ? order by name", String.class, "none")));
				assertThat(names).containsExactlyElementsOf(tenant.equals("acme") ? List.of("A1", "A2") : List.of("G1"));
			}
			String withNoTenant = fixture.tx.execute((status) -> jdbc.queryForObject(
					"select count(*) || current_setting('search_path') from projects where 1 = ?", String.class, 1));
			assertThat(withNoTenant).isEqualTo("0\"$user\", public");
		}
	}

	/**
	 * Runs the work on a "pool" of one connection that neither rolls back nor resets a returned connection and
	 * leaves its statements open, as some pools do and HikariCP does not.
	 */
	private static void onALaxPoolOfOne(LaxPoolWork work) throws Exception {
		SingleConnectionDataSource single = new SingleConnectionDataSource(counter.jdbcUrl(""),
				TenancyTestDatabase.APP_ROLE, TenancyTestDatabase.PASSWORD, true);
		try {
			work.run(routing(single));
		}
		finally {
			single.destroy();
		}
	}

	@FunctionalInterface
	interface LaxPoolWork {

		void run(TenantAwareDataSource dataSource) throws Exception;

	}

	private static long adminCount(String sql) {
		return new JdbcTemplate(db.adminDataSource()).queryForObject(sql, Long.class);
	}

	private Connection connection(String tenant, String options) throws Exception {
		this.pool = counter.appPool(1, options);
		TenantAwareDataSource dataSource = routing(this.pool);
		return TenantContext.where(tenant).call(dataSource::getConnection);
	}

	private static TenantAwareDataSource routing(javax.sql.DataSource pool) {
		return new TenantAwareDataSource(pool, TenantConnectionMode.TRANSACTION, "app.tenant_id", () -> catalog,
				() -> null);
	}

	/** Prepares a statement once the tenant is set in the current transaction, by executing another first. */
	private static PreparedStatement prepareAfter(Connection connection, PreparedStatement first, String sql)
			throws SQLException {
		single(first);
		return connection.prepareStatement(sql);
	}

	private static long single(PreparedStatement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static String singleText(PreparedStatement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getString(1);
		}
	}

}
