package dev.tenancy.jpa.connection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour behind a connection handed out by {@link TenantAwareDataSource}.
 * <p>
 * In {@link TenantConnectionMode#TRANSACTION TRANSACTION} mode the tenant is set transaction-locally before
 * the first statement of each transaction (after {@code setAutoCommit(false)}, {@code commit()} or
 * {@code rollback()}). Statements from {@code prepareStatement(String)} carry it themselves when they are
 * executed ({@link TenantPreparedStatement}), in the same round trip as the transaction's {@code BEGIN} and
 * first statement; every other statement factory, and {@code setSavepoint}, sets it first with a statement of
 * its own. In {@link TenantConnectionMode#SESSION SESSION} mode it is set when the connection is handed out and
 * reset to empty when it is closed.
 */
final class TenantBoundConnection implements InvocationHandler {

	/** Lets tests and diagnostics recognise wrapped connections. */
	interface Marker {

	}

	private static final Logger logger = LoggerFactory.getLogger(TenantBoundConnection.class);

	/**
	 * Methods that may start sending SQL in the current transaction; the tenant must be set before them. A
	 * savepoint taken before the tenant is set would undo the setting when rolled back to.
	 */
	private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement",
			"prepareCall", "setSavepoint");

	private final Connection target;

	private final @Nullable TenantId tenant;

	/** The quoted schema of a SCHEMA tenant, or {@code null} to leave {@code search_path} at its default. */
	private final @Nullable String searchPath;

	/** SESSION mode: the pool's default {@code search_path}, restored for every other use. */
	private final @Nullable String defaultSearchPath;

	private final TenantConnectionMode mode;

	private final String settingName;

	private final AtomicBoolean autocommitWarningLogged;

	/** TRANSACTION mode: the current transaction does not carry the tenant yet. */
	private boolean pending;

	private boolean closed;

	/** Whether SCHEMA tenants' statements get their own text per schema. */
	private boolean perSchemaStatements;

	/** TRANSACTION mode: whether prepared statements carry the tenant themselves, not a statement of its own. */
	private boolean tenantWithFirstStatement;

	/** How the connection goes back to its pool: closed, or retired for good. */
	private Closer closer = Connection::close;

	/** Closes the pooled connection once the tenant setting is dealt with. */
	@FunctionalInterface
	interface Closer {

		void close(Connection target) throws SQLException;

	}

	TenantBoundConnection(Connection target, @Nullable TenantId tenant, @Nullable String searchPath,
			@Nullable String defaultSearchPath, TenantConnectionMode mode, String settingName,
			AtomicBoolean autocommitWarningLogged) {
		this.target = target;
		this.tenant = tenant;
		this.searchPath = searchPath;
		this.defaultSearchPath = defaultSearchPath;
		this.mode = mode;
		this.settingName = settingName;
		this.autocommitWarningLogged = autocommitWarningLogged;
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

	void onCheckout() throws SQLException {
		if (this.mode == TenantConnectionMode.SESSION) {
			setSessionLevel(TenantAwareDataSource.valueOf(this.tenant), this.searchPath);
		}
		else {
			this.pending = this.tenant != null;
		}
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		switch (name) {
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "TenantBoundConnection[tenant=" + this.tenant + ", schema=" + this.searchPath + ", mode="
						+ this.mode + "] -> " + this.target;
			case "unwrap":
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return proxy;
				}
				break;
			case "isWrapperFor":
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return true;
				}
				break;
			case "close":
				close();
				return null;
			case "isClosed":
				return this.closed || this.target.isClosed();
			default:
				if (STATEMENT_FACTORIES.contains(name)) {
					if (this.closed) {
						// the connection may be serving someone else by now, even if the pool let it be used
						throw new SQLException("This connection was closed and has gone back to its pool", "08003");
					}
					if (this.perSchemaStatements && this.searchPath != null && args != null && args.length > 0
							&& args[0] instanceof String sql && name.startsWith("prepare")) {
						args[0] = tagWithSchema(sql);
					}
					if (carriesTenantItself(name, args)) {
						return TenantPreparedStatement.prepare(this, (Connection) proxy, (String) args[0]);
					}
					beforeStatement();
				}
		}
		Object result = delegate(method, args);
		if (this.mode == TenantConnectionMode.TRANSACTION && endsOrStartsTransaction(name, args)) {
			this.pending = this.tenant != null;
		}
		return result;
	}

	/**
	 * Gives each schema its own statement text, so that the driver prepares (and PostgreSQL plans) a statement
	 * per schema instead of re-planning one shared statement whenever the connection's {@code search_path}
	 * changes. The schema name is validated and quoted; the comment cannot end early.
	 */
	private String tagWithSchema(String sql) {
		return sql + "\n/* tenancy schema " + this.searchPath + " */";
	}

	private static boolean endsOrStartsTransaction(String name, Object @Nullable [] args) {
		// rollback(Savepoint) stays inside the transaction and keeps its setting
		return name.equals("commit") || name.equals("setAutoCommit")
				|| (name.equals("rollback") && (args == null || args.length == 0));
	}

	/**
	 * Whether a statement from this factory is handed out as a {@link TenantPreparedStatement}: only
	 * {@code prepareStatement(String)} and its equivalent {@code prepareStatement(String, TYPE_FORWARD_ONLY,
	 * CONCUR_READ_ONLY)} (which Hibernate uses for queries), whose results the driver presents the same way with
	 * a statement in front. Generated keys, scrollable or updatable results, holdability and calls keep the
	 * separate setting.
	 */
	private boolean carriesTenantItself(String name, Object @Nullable [] args) {
		if (!this.tenantWithFirstStatement || this.mode != TenantConnectionMode.TRANSACTION || this.tenant == null
				|| !name.equals("prepareStatement") || args == null || !(args[0] instanceof String)) {
			return false;
		}
		return args.length == 1 || (args.length == 3 && args[1] instanceof Integer type
				&& type == ResultSet.TYPE_FORWARD_ONLY && args[2] instanceof Integer concurrency
				&& concurrency == ResultSet.CONCUR_READ_ONLY);
	}

	private void beforeStatement() throws SQLException {
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
	boolean isClosed() {
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
		if (this.tenant == null) {
			throw new IllegalStateException("No tenant to set on " + this.target);
		}
		return new TransactionTenantSetting(this.settingName, this.tenant.value(), this.searchPath);
	}

	Connection target() {
		return this.target;
	}

	/**
	 * Sets the tenant and the search path for the session, in one round trip. A {@code null} search path
	 * restores the pool's default, so a connection a SCHEMA tenant used never keeps its schema.
	 */
	private void setSessionLevel(@Nullable String value, @Nullable String schemaPath) throws SQLException {
		boolean inTransaction = !this.target.getAutoCommit();
		if (inTransaction) {
			// a session-level setting made inside a transaction is undone if that transaction rolls back
			this.target.rollback();
		}
		try (PreparedStatement statement = this.target
			.prepareStatement("select set_config(?, ?, false), set_config('search_path', ?, false)")) {
			statement.setString(1, this.settingName);
			statement.setString(2, (value != null) ? value : "");
			statement.setString(3, (schemaPath != null) ? schemaPath : this.defaultSearchPath);
			statement.execute();
		}
		if (inTransaction) {
			this.target.commit();
		}
	}

	private void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (this.mode == TenantConnectionMode.SESSION && this.tenant != null && !this.target.isClosed()) {
				setSessionLevel(null, null);
			}
		}
		catch (SQLException ex) {
			// the next checkout sets the tenant again, so a connection that could not be reset never leaks it
			logger.debug("Could not reset {} on a returned connection", this.settingName, ex);
		}
		finally {
			this.closer.close(this.target);
		}
	}

	private @Nullable Object delegate(Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
