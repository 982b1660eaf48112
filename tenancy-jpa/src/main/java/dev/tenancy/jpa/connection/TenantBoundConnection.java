package dev.tenancy.jpa.connection;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection handed out by {@link TenantAwareDataSource}, bound to the tenant of when it was taken.
 * <p>
 * In {@link TenantConnectionMode#TRANSACTION TRANSACTION} mode the tenant is set transaction-locally before
 * the first statement of each transaction (after {@code setAutoCommit(false)}, {@code commit()} or
 * {@code rollback()}). Statements from {@code prepareStatement(String)} carry it themselves when they are
 * executed ({@link TenantPreparedStatement}), in the same round trip as the transaction's {@code BEGIN} and
 * first statement; every other statement factory, and {@code setSavepoint}, sets it first with a statement of
 * its own. In {@link TenantConnectionMode#SESSION SESSION} mode it is set when the connection is handed out and
 * reset to empty when it is closed.
 * <p>
 * A connection taken for read-only work ({@code TenantContext.isReadOnly()}) makes each of its transactions
 * read-only in PostgreSQL, which then refuses every write: in TRANSACTION mode with the tenant setting, so that the
 * transaction is read-only before its first statement runs and nothing in it can turn that back; in SESSION mode
 * through the session's default, put back when the connection is closed.
 * <p>
 * A connection refuses to hand out statements while a tenant other than the one it was taken for is bound to the
 * thread ({@link TenantMismatchException}): its transaction would otherwise run that tenant's work on the first
 * tenant's rows, or, taken with no tenant, show that work no rows and refuse its writes. A connection taken with
 * no tenant carries none, and row-level security shows it no rows.
 */
final class TenantBoundConnection extends ForwardingConnection {

	private static final Logger logger = LoggerFactory.getLogger(TenantBoundConnection.class);

	private final @Nullable TenantId tenant;

	/** A SCHEMA tenant's {@code search_path} (its quoted schema, then {@code pg_temp}), or {@code null}: default. */
	private final @Nullable String searchPath;

	/** SESSION mode: the pool's default {@code search_path}, restored for every other use. */
	private final @Nullable String defaultSearchPath;

	private final TenantConnectionMode mode;

	/** Whether the connection was taken for read-only work: its transactions are read-only. */
	private final boolean readOnly;

	/** For read-only work: the driver's read-only flag as the pool handed the connection out, put back on close. */
	private boolean readOnlyFlagAtCheckout;

	private final TenantSettingStatements settingStatements;

	private final AtomicBoolean autocommitWarningLogged;

	/** How the tenant is set for a transaction, or {@code null} without a tenant. */
	private final @Nullable TransactionTenantSetting transactionSetting;

	/** TRANSACTION mode: the current transaction does not carry the tenant yet. */
	private boolean pending;

	private boolean closed;

	/** Whether SCHEMA tenants' statements get their own text per schema. */
	private boolean perSchemaStatements;

	/** TRANSACTION mode: whether prepared statements carry the tenant themselves, not a statement of its own. */
	private boolean tenantWithFirstStatement;

	/** How the connection goes back to its pool: closed, or retired for good. */
	private Closer closer = Connection::close;

	/** The pool the connection came from, to retire it from if it cannot be put back in a neutral state. */
	private @Nullable DataSource pool;

	/** Closes the pooled connection once the tenant setting is dealt with. */
	@FunctionalInterface
	interface Closer {

		void close(Connection target) throws SQLException;

	}

	/**
	 * Binds a pooled connection to a tenant.
	 * @param readOnly whether the work the connection is taken for is read-only; ignored without a tenant
	 */
	TenantBoundConnection(Connection target, @Nullable TenantId tenant, boolean readOnly, @Nullable String searchPath,
			@Nullable String defaultSearchPath, TenantConnectionMode mode, TenantSettingStatements settingStatements,
			AtomicBoolean autocommitWarningLogged) {
		super(target);
		this.tenant = tenant;
		this.readOnly = readOnly && tenant != null;
		this.searchPath = searchPath;
		this.defaultSearchPath = defaultSearchPath;
		this.mode = mode;
		this.settingStatements = settingStatements;
		this.autocommitWarningLogged = autocommitWarningLogged;
		this.transactionSetting = (tenant != null)
				? new TransactionTenantSetting(settingStatements, tenant.value(), searchPath, this.readOnly) : null;
	}

	void perSchemaStatements(boolean enabled) {
		this.perSchemaStatements = enabled;
	}

	void tenantWithFirstStatement(boolean enabled) {
		this.tenantWithFirstStatement = enabled;
	}

	void retireOnClose(Closer retirement) {
		this.closer = retirement;
	}

	/** Sets the pool to retire the connection from if it cannot be put back in a neutral state when closed. */
	void pool(DataSource pool) {
		this.pool = pool;
	}

	void onCheckout() throws SQLException {
		if (this.readOnly) {
			this.readOnlyFlagAtCheckout = this.target.isReadOnly();
		}
		if (this.mode == TenantConnectionMode.SESSION) {
			setSessionLevel(TenantAwareDataSource.valueOf(this.tenant), this.searchPath, false);
		}
		this.pending = settingPerTransaction();
	}

	/**
	 * Whether each transaction gets the setting before its first statement: always in TRANSACTION mode, and in
	 * SESSION mode for read-only work, whose transactions are made read-only one by one as well, so that code
	 * that turns the session's default back (or Spring resetting a connection it made read-only) cannot widen them.
	 */
	private boolean settingPerTransaction() {
		return this.tenant != null && (this.mode == TenantConnectionMode.TRANSACTION || this.readOnly);
	}

	/**
	 * Keeps a connection of read-only work read-only: asking for read-write leaves it read-only.
	 */
	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		super.setReadOnly(readOnly || this.readOnly);
	}

	// Statement factories, and savepoints, may start sending SQL in the current transaction: the tenant is set
	// before them. A savepoint taken before the tenant is set would undo the setting when rolled back to.

	@Override
	public Statement createStatement() throws SQLException {
		beforeStatement();
		return settingTheTenantOnExecute(Statement.class, super.createStatement());
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		beforeStatement();
		return settingTheTenantOnExecute(Statement.class, super.createStatement(resultSetType, resultSetConcurrency));
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		beforeStatement();
		return settingTheTenantOnExecute(Statement.class,
				super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
	}

	/**
	 * Hands out a {@link TenantPreparedStatement} that carries the tenant itself, in TRANSACTION mode with the
	 * tenant travelling with the first statement.
	 */
	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		String text = beforePrepare(sql);
		if (carriesTenantItself(text)) {
			return TenantPreparedStatement.prepare(this, text);
		}
		setTenantIfNeeded();
		return settingTheTenantOnExecute(PreparedStatement.class, super.prepareStatement(text));
	}

	/**
	 * As {@link #prepareStatement(String)} for forward-only, read-only results (which Hibernate asks for with
	 * queries): the driver presents those the same way with a statement in front. Other results take the
	 * separate setting.
	 */
	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		String text = beforePrepare(sql);
		if (resultSetType == ResultSet.TYPE_FORWARD_ONLY && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY
				&& carriesTenantItself(text)) {
			return TenantPreparedStatement.prepare(this, text);
		}
		setTenantIfNeeded();
		return settingTheTenantOnExecute(PreparedStatement.class,
				super.prepareStatement(text, resultSetType, resultSetConcurrency));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return settingTheTenantOnExecute(PreparedStatement.class, super.prepareStatement(textWithTenant(sql),
				resultSetType, resultSetConcurrency, resultSetHoldability));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		return settingTheTenantOnExecute(PreparedStatement.class,
				super.prepareStatement(textWithTenant(sql), autoGeneratedKeys));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		return settingTheTenantOnExecute(PreparedStatement.class,
				super.prepareStatement(textWithTenant(sql), columnIndexes));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		return settingTheTenantOnExecute(PreparedStatement.class,
				super.prepareStatement(textWithTenant(sql), columnNames));
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		return settingTheTenantOnExecute(CallableStatement.class, super.prepareCall(textWithTenant(sql)));
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
		return settingTheTenantOnExecute(CallableStatement.class,
				super.prepareCall(textWithTenant(sql), resultSetType, resultSetConcurrency));
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return settingTheTenantOnExecute(CallableStatement.class,
				super.prepareCall(textWithTenant(sql), resultSetType, resultSetConcurrency, resultSetHoldability));
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		beforeStatement();
		return super.setSavepoint();
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		beforeStatement();
		return super.setSavepoint(name);
	}

	// A transaction ends or starts: in TRANSACTION mode the next one needs the tenant again. It ends even when
	// commit() fails (PostgreSQL rolls it back). rollback(Savepoint) stays inside the transaction and keeps its
	// setting.

	@Override
	public void commit() throws SQLException {
		try {
			super.commit();
		}
		finally {
			transactionEnded();
		}
	}

	@Override
	public void rollback() throws SQLException {
		try {
			super.rollback();
		}
		finally {
			transactionEnded();
		}
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		try {
			super.setAutoCommit(autoCommit);
		}
		finally {
			transactionEnded();
		}
	}

	private void transactionEnded() {
		this.pending = settingPerTransaction();
	}

	/**
	 * Puts the connection back in a neutral state and returns it to its pool: a transaction left open is rolled
	 * back (whatever the pool does on return), and in SESSION mode the tenant and search path are reset. A
	 * connection that cannot be put back so is retired from its pool instead.
	 */
	@Override
	public void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		Closer returning = this.closer;
		try {
			if (!this.target.isClosed()) {
				if (!this.target.getAutoCommit()) {
					// an unfinished transaction, with its tenant setting and its writes, never reaches the next user
					this.target.rollback();
				}
				else if (PooledConnections.inTransactionBlock(this.target)) {
					// nor one begun by a BEGIN statement in autocommit, which no pool rolls back
					rollBackTransactionBlock();
				}
				if (this.mode == TenantConnectionMode.SESSION && this.tenant != null) {
					setSessionLevel(null, null, true);
				}
				if (this.readOnly && this.target.isReadOnly() != this.readOnlyFlagAtCheckout) {
					// not every pool resets it; the next user must not inherit read-only work's flag
					this.target.setReadOnly(this.readOnlyFlagAtCheckout);
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not put a returned connection back in a neutral state; retiring it", ex);
			DataSource from = this.pool;
			returning = (from != null) ? (target) -> PooledConnections.retireUnclean(from, target) : Connection::close;
		}
		finally {
			returning.close(this.target);
		}
	}

	private void rollBackTransactionBlock() throws SQLException {
		String takenFor = (this.tenant != null) ? "tenant '" + this.tenant + "'" : "no tenant";
		logger.warn("A connection taken for {} was returned in autocommit inside a transaction that a BEGIN "
				+ "statement started and nothing ended; rolled it back, with its writes, so that it does not reach "
				+ "the next user of the connection. End such transactions with COMMIT or ROLLBACK, or use "
				+ "setAutoCommit(false) and commit().", takenFor);
		try (Statement statement = this.target.createStatement()) {
			statement.execute("rollback");
		}
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.closed || this.target.isClosed();
	}

	/** Once closed, a handle forwards nothing: its connection may be serving someone else by now. */
	@Override
	protected Connection forwardTo() throws SQLException {
		checkOpen();
		return this.target;
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		return !this.closed && super.isValid(timeout);
	}

	@Override
	public String toString() {
		return "TenantBoundConnection[tenant=" + this.tenant + ", schema=" + this.searchPath + ", mode=" + this.mode
				+ (this.readOnly ? ", read-only" : "") + "] -> " + this.target;
	}

	/**
	 * Refuses a statement once this handle is closed, and gives each schema its own statement text if asked to.
	 */
	private @Nullable String beforePrepare(@Nullable String sql) throws SQLException {
		checkOpen();
		checkBoundTenant();
		return (this.perSchemaStatements && this.searchPath != null && sql != null) ? tagWithSchema(sql) : sql;
	}

	/** For statements that do not carry the tenant themselves: their text, the tenant set first if needed. */
	private @Nullable String textWithTenant(@Nullable String sql) throws SQLException {
		String text = beforePrepare(sql);
		setTenantIfNeeded();
		return text;
	}

	private void checkOpen() throws SQLException {
		if (this.closed) {
			// the connection may be serving someone else by now, even if the pool let it be used
			throw new SQLException("This connection was closed and has gone back to its pool", "08003");
		}
	}

	/**
	 * Refuses a statement while the thread is bound to a tenant other than the one the connection was taken for,
	 * or bound to a tenant when the connection was taken with none: a {@code TenantContext.where} inside a
	 * transaction. With no tenant bound the connection keeps serving the tenant it was taken for (plain JDBC may
	 * take a connection in a scope and use it after). Read-only work is refused a connection taken for read-write
	 * work: its transaction is not read-only.
	 */
	void checkBoundTenant() {
		TenantId tenant = this.tenant;
		TenantId bound = TenantContext.current().orElse(null);
		if (bound != null && !bound.equals(tenant)) {
			throw new TenantMismatchException(tenant, bound);
		}
		if (!this.readOnly && tenant != null && TenantContext.isReadOnly()) {
			// read-only work, with the connection's tenant bound or none, on a connection that can write
			throw TenantMismatchException.readOnlyWork(tenant);
		}
	}

	/**
	 * Gives each schema its own statement text, so that the driver prepares (and PostgreSQL plans) a statement
	 * per schema instead of re-planning one shared statement whenever the connection's {@code search_path}
	 * changes. The schema name is validated and quoted; the comment cannot end early.
	 */
	private String tagWithSchema(String sql) {
		int end = sql.length();
		while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
			end--;
		}
		// after a trailing semicolon the tag would be a statement of its own, an empty one the driver counts
		return sql.substring(0, end) + "\n/* tenancy schema " + this.searchPath + " */";
	}

	/**
	 * Whether a prepared statement is handed out as a {@link TenantPreparedStatement}, whose results the driver
	 * presents the same way with the setting in front. Generated keys, scrollable or updatable results,
	 * holdability and calls keep the separate setting.
	 */
	private boolean carriesTenantItself(@Nullable String sql) {
		return this.tenantWithFirstStatement && this.mode == TenantConnectionMode.TRANSACTION && this.tenant != null
				&& sql != null;
	}

	private void beforeStatement() throws SQLException {
		checkOpen();
		checkBoundTenant();
		setTenantIfNeeded();
	}

	/** Before a statement that does not carry the tenant itself runs: as before it was made. */
	void beforeExecute() throws SQLException {
		beforeStatement();
		refuseReadOnlyInAutocommit();
	}

	/**
	 * Refuses a statement of read-only work about to run in autocommit, where nothing holds it to reading: in
	 * TRANSACTION mode it would carry no read-only setting, and in SESSION mode SQL of its own could begin a
	 * read-write transaction past the session's default.
	 * @throws SQLException with SQL state {@code 25006}
	 */
	void refuseReadOnlyInAutocommit() throws SQLException {
		if (this.readOnly && this.target.getAutoCommit()) {
			throw new SQLException("Read-only work on tenant '" + this.tenant + "' runs its statements in "
					+ "transactions, which PostgreSQL holds to reading, and this statement ran in autocommit, where "
					+ "nothing would. Run it in a transaction (@Transactional(readOnly = true)).", "25006");
		}
	}

	/**
	 * With a tenant, makes a statement that does not carry the tenant itself check, whenever it runs, that its work
	 * is still the connection's (the tenant bound, read-only or not), and in TRANSACTION mode (and for read-only
	 * work in SESSION mode) set the tenant when it runs in a later transaction too, not only in the one it was
	 * made in.
	 */
	private <S extends Statement> S settingTheTenantOnExecute(Class<S> type, S statement) {
		if (this.tenant == null) {
			return statement;
		}
		return TenantOnExecute.wrap(type, statement, this);
	}

	private void setTenantIfNeeded() throws SQLException {
		if (tenantNeeded()) {
			setTenant();
		}
	}

	/**
	 * Returns whether the current transaction does not carry the tenant yet. In autocommit it never does (a
	 * transaction-local setting would last only its own statement), which is logged once.
	 */
	boolean tenantNeeded() throws SQLException {
		if (!this.pending) {
			return false;
		}
		if (this.target.getAutoCommit()) {
			if (this.mode == TenantConnectionMode.SESSION) {
				return false;
			}
			if (this.autocommitWarningLogged.compareAndSet(false, true)) {
				logger.warn("A statement ran in autocommit while tenant '{}' was bound. In TRANSACTION mode the "
						+ "tenant reaches PostgreSQL only inside transactions, so row-level security shows this "
						+ "statement no tenant rows. Run tenant work in a transaction (@Transactional), or set "
						+ "tenancy.jpa.connection-mode=SESSION if no transaction-pooling proxy sits in between.",
						this.tenant);
			}
			return false;
		}
		return true;
	}

	/** Sets the tenant for the current transaction with a statement of its own. */
	void setTenant() throws SQLException {
		TransactionTenantSetting setting = transactionSetting();
		try (PreparedStatement statement = this.target.prepareStatement(setting.sql())) {
			setting.bind(statement);
			statement.execute();
		}
		this.pending = false;
	}

	/** Returns whether this handle was closed, its connection back in the pool, perhaps serving another tenant. */
	boolean returnedToPool() {
		return this.closed;
	}

	/** Returns whether the current transaction, if there is one, does not carry the tenant yet. */
	boolean tenantPending() {
		return this.pending;
	}

	/** Records that a statement carrying the setting succeeded, so the transaction now carries the tenant. */
	void tenantCarried() {
		this.pending = false;
	}

	/** Returns how the tenant is set for a transaction; only asked of connections with a tenant. */
	TransactionTenantSetting transactionSetting() {
		TransactionTenantSetting setting = this.transactionSetting;
		if (setting == null) {
			throw new IllegalStateException("No tenant to set on " + this.target);
		}
		return setting;
	}

	Connection target() {
		return this.target;
	}

	/**
	 * Sets the tenant and the search path for the session, in one round trip, with read-only work's transactions
	 * read-only by default. A {@code null} search path restores the pool's default, so a connection a SCHEMA tenant
	 * used never keeps its schema; returning a read-only connection restores the default read-write mode too.
	 */
	private void setSessionLevel(@Nullable String value, @Nullable String schemaPath, boolean returning)
			throws SQLException {
		boolean inTransaction = !this.target.getAutoCommit();
		if (inTransaction) {
			// a session-level setting made inside a transaction is undone if that transaction rolls back
			this.target.rollback();
		}
		try (PreparedStatement statement = this.target
			.prepareStatement(this.settingStatements.session(this.readOnly && !returning))) {
			statement.setString(1, (value != null) ? value : "");
			statement.setString(2, (schemaPath != null) ? schemaPath : this.defaultSearchPath);
			statement.execute();
		}
		if (this.readOnly && returning) {
			try (Statement statement = this.target.createStatement()) {
				statement.execute(TenantSettingStatements.END_READ_ONLY_SESSION);
			}
		}
		if (inTransaction) {
			this.target.commit();
		}
	}

}
