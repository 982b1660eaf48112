package dev.tenancy.benchmarks.jmh;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The application's side of the JDBC glue, per statement: preparing a read by id, binding its two parameters and
 * closing it, as Hibernate does for {@code find}, without executing it, so nothing reaches the server and only the
 * client's work is timed. Against the driver's own statement: the glue on a transaction's first statement, which
 * prepares the statement twice (as written, and with the tenant setting in front) and binds every parameter on both;
 * the glue on a later statement of the transaction, which wraps the driver's statement alone; and the driver's
 * statement with the setting in front on its own, its text put together for every statement or once, which is what
 * the first statement would cost if the statement as written were prepared only when needed.
 * <p>
 * Needs PostgreSQL, at {@code 127.0.0.1:5432} or the {@code host:port} of the system property
 * {@code tenancy.bench.postgres}, as the superuser {@code postgres} ({@code PGPASSWORD} if it has one); each trial
 * holds three connections, each in a transaction it rolls back at the end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatementGlueBenchmark {

	/** A read by id as Hibernate writes it for the benchmark's entity under the tenant filter. */
	private static final String READ_BY_ID = "select p1_0.id,p1_0.created_at,p1_0.description,p1_0.name,"
			+ "p1_0.tenant_id from projects p1_0 where p1_0.id=? and p1_0.tenant_id=?";

	/** The setting the glue puts in front of a transaction's first statement, as it writes it. */
	private static final String SETTING = "select set_config('" + TenantAwareDataSource.DEFAULT_SETTING_NAME
			+ "', ?, true)";

	private static final String TENANT = "tenant07";

	/** The read by id, in a field that is not final so that the compiler cannot put the text together itself. */
	private String readById = READ_BY_ID;

	private final String statementWithSetting = SETTING + ";" + READ_BY_ID;

	private final UUID id = UUID.fromString("0190f5a4-3c1e-7a2b-9d4e-5f6a7b8c9d0e");

	// opened by connect() before the first invocation, closed by disconnect()

	private Connection driver;

	private Connection firstStatement;

	private Connection laterStatement;

	@Setup(Level.Trial)
	public void connect() throws Exception {
		DataSource server = server();
		this.driver = server.getConnection();
		this.driver.setAutoCommit(false);
		TenantAwareDataSource tenantAware = new TenantAwareDataSource(server);
		this.firstStatement = TenantContext.where(TENANT).call(tenantAware::getConnection);
		this.firstStatement.setAutoCommit(false);
		this.laterStatement = TenantContext.where(TENANT).call(tenantAware::getConnection);
		this.laterStatement.setAutoCommit(false);
		try (PreparedStatement first = this.laterStatement.prepareStatement("select 1")) {
			first.execute(); // carries the tenant: the transaction's later statements are prepared once
		}
	}

	@TearDown(Level.Trial)
	public void disconnect() throws SQLException {
		for (Connection connection : new Connection[] { this.driver, this.firstStatement, this.laterStatement }) {
			connection.rollback();
			connection.close();
		}
	}

	/** The driver's statement, as the baseline and the hand-written variant prepare it. */
	@Benchmark
	public int driverStatement() throws SQLException {
		return prepareBindClose(this.driver);
	}

	/** The transaction's first statement through the glue: prepared as written and with the setting in front. */
	@Benchmark
	public int glueFirstStatement() throws SQLException {
		return prepareBindClose(this.firstStatement);
	}

	/** A later statement of the same transaction through the glue, which carries the tenant already. */
	@Benchmark
	public int glueLaterStatement() throws SQLException {
		return prepareBindClose(this.laterStatement);
	}

	/**
	 * The driver's statement with the setting in front alone, its text put together for every statement as the
	 * glue does: what the first statement would cost if the statement as written were prepared only when needed.
	 */
	@Benchmark
	public int driverStatementWithSettingInFront() throws SQLException {
		return prepareBindCloseWithSetting(SETTING + ";" + this.readById);
	}

	/** The same with its text put together once: the driver's statement cache then finds it without hashing it. */
	@Benchmark
	public int driverStatementWithSettingInFrontTextKept() throws SQLException {
		return prepareBindCloseWithSetting(this.statementWithSetting);
	}

	private int prepareBindCloseWithSetting(String sql) throws SQLException {
		try (PreparedStatement statement = this.driver.prepareStatement(sql)) {
			statement.setString(1, TENANT);
			return bind(statement, 2);
		}
	}

	private int prepareBindClose(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(READ_BY_ID)) {
			return bind(statement, 1);
		}
	}

	private int bind(PreparedStatement statement, int firstIndex) throws SQLException {
		statement.setObject(firstIndex, this.id);
		statement.setString(firstIndex + 1, TENANT);
		return firstIndex;
	}

	private static DataSource server() {
		String[] hostAndPort = System.getProperty("tenancy.bench.postgres", "127.0.0.1:5432").split(":", 2);
		PGSimpleDataSource server = new PGSimpleDataSource();
		server.setServerNames(new String[] { hostAndPort[0] });
		server.setPortNumbers(new int[] { Integer.parseInt(hostAndPort[1]) });
		server.setDatabaseName("postgres");
		server.setUser("postgres");
		String password = System.getenv("PGPASSWORD");
		if (password != null) {
			server.setPassword(password);
		}
		return server;
	}

}
