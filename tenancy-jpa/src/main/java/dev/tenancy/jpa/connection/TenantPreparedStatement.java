package dev.tenancy.jpa.connection;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;

import dev.tenancy.jpa.connection.PrefixedResults.Execution;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A statement from {@code prepareStatement(String)} (or its forward-only, read-only equivalent) on a
 * TRANSACTION-mode connection with a tenant, which sets the tenant itself when it is executed in a transaction
 * that does not carry it yet.
 * <p>
 * A statement prepared while the transaction still needs the tenant is prepared twice: as written, and with
 * the tenant setting in front ({@link TransactionTenantSetting#prefixTo(String)}), which the driver sends as two
 * statements in one round trip. Parameters go to both (the prefixed one's moved past the setting's), and each
 * execution picks one: the prefixed statement while the transaction needs the tenant, the plain one after.
 * The setting's own result is skipped and the caller's results are presented as the plain statement would
 * present them ({@link PrefixedResults}). The connection records that the transaction carries the tenant only
 * once the prefixed statement succeeded: the driver's {@code autosave} rolls a failed statement back, setting
 * included.
 * <p>
 * Anything the prefix cannot serve falls back to a setting of its own before the plain statement, so it costs a
 * round trip but never the tenant: batches, metadata (which the server describes under the current
 * {@code search_path}), a statement prepared after the transaction carried the tenant and executed in a later
 * one, and parameters that can be read only once (streams, readers, LOBs, XML), which go to the plain statement
 * alone. {@code ResultSet.getStatement()} and {@code unwrap} return the driver's statement behind this one.
 */
final class TenantPreparedStatement implements InvocationHandler {

	private static final Logger logger = LoggerFactory.getLogger(TenantPreparedStatement.class);

	private final TenantBoundConnection connection;

	private final Connection connectionProxy;

	private final PreparedStatement plain;

	/** The statement with the tenant setting in front, or {@code null} if there is none (any more). */
	private @Nullable PreparedStatement prefixed;

	private final TransactionTenantSetting setting;

	/** The statement that ran last, whose results and warnings are current. */
	private PreparedStatement executed;

	/** The caller's results of the prefixed statement's {@code executeQuery}/{@code executeUpdate}. */
	private @Nullable PrefixedResults results;

	/** The prefixed statement after it was given up while its results were current; closed with them. */
	private @Nullable PreparedStatement retired;

	private boolean closed;

	private TenantPreparedStatement(TenantBoundConnection connection, Connection connectionProxy,
			PreparedStatement plain, @Nullable PreparedStatement prefixed, TransactionTenantSetting setting) {
		this.connection = connection;
		this.connectionProxy = connectionProxy;
		this.plain = plain;
		this.prefixed = prefixed;
		this.setting = setting;
		this.executed = plain;
	}

	/**
	 * Prepares a statement that carries the tenant itself.
	 * @param connection the connection's behaviour
	 * @param connectionProxy the connection handed to the application, returned by {@code getConnection()}
	 * @param sql the statement
	 * @return the statement
	 */
	static PreparedStatement prepare(TenantBoundConnection connection, Connection connectionProxy, String sql)
			throws SQLException {
		Connection target = connection.target();
		TransactionTenantSetting setting = connection.transactionSetting();
		// what prepareStatement(String) returns, by definition
		PreparedStatement plain = target.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
		PreparedStatement prefixed = null;
		if (connection.tenantPending() && !target.getAutoCommit() && !sql.isBlank()) {
			try {
				prefixed = target.prepareStatement(setting.prefixTo(sql), ResultSet.TYPE_FORWARD_ONLY,
						ResultSet.CONCUR_READ_ONLY);
				setting.bind(prefixed);
			}
			catch (SQLException ex) {
				// the plain statement is authoritative: it sets the tenant on its own when it runs
				logger.debug("Could not prepare the tenant setting in front of a statement; it is set on its own", ex);
				closeQuietly(prefixed);
				prefixed = null;
			}
		}
		return (PreparedStatement) Proxy.newProxyInstance(TenantPreparedStatement.class.getClassLoader(),
				new Class<?>[] { PreparedStatement.class },
				new TenantPreparedStatement(connection, connectionProxy, plain, prefixed, setting));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		Class<?> declaringClass = method.getDeclaringClass();
		if (declaringClass == Object.class) {
			return switch (name) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "TenantPreparedStatement[prefixed=" + (this.prefixed != null) + "] -> " + this.plain;
			};
		}
		boolean noArguments = args == null || args.length == 0;
		switch (name) {
			case "execute":
				return noArguments ? execute(Execution.EXECUTE) : onPlainWithTenant(method, args);
			case "executeQuery":
				return noArguments ? execute(Execution.QUERY) : onPlainWithTenant(method, args);
			case "executeUpdate":
				return noArguments ? execute(Execution.UPDATE) : onPlainWithTenant(method, args);
			case "executeLargeUpdate":
				return noArguments ? execute(Execution.LARGE_UPDATE) : onPlainWithTenant(method, args);
			case "executeBatch", "executeLargeBatch", "getMetaData", "getParameterMetaData":
				// batches and descriptions run on the plain statement: the tenant (and search path) first
				return onPlainWithTenant(method, args);
			case "getResultSet":
				return (this.results != null) ? this.results.getResultSet() : this.executed.getResultSet();
			case "getUpdateCount":
				return (this.results != null) ? this.results.getUpdateCount() : this.executed.getUpdateCount();
			case "getLargeUpdateCount":
				return (this.results != null) ? this.results.getLargeUpdateCount()
						: this.executed.getLargeUpdateCount();
			case "getMoreResults":
				int current = noArguments ? Statement.CLOSE_CURRENT_RESULT : (Integer) args[0];
				return (this.results != null) ? this.results.getMoreResults(current)
						: this.executed.getMoreResults(current);
			case "getGeneratedKeys", "getWarnings":
				return invoke(this.executed, method, args);
			case "getConnection":
				this.plain.getConnection(); // fails like the driver's once closed
				return this.connectionProxy;
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : this.plain.unwrap((Class<?>) args[0]);
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) || this.plain.isWrapperFor((Class<?>) args[0]);
			case "close":
				close();
				return null;
			case "isClosed":
				return this.closed || this.plain.isClosed() || this.executed.isClosed();
			case "clearParameters":
				this.plain.clearParameters();
				if (this.prefixed != null) {
					this.prefixed.clearParameters();
					this.setting.bind(this.prefixed);
				}
				return null;
			case "closeOnCompletion":
				// the setting's own result would count as one of the caller's: run plain from now on
				onBoth(method, args);
				givePrefixUp();
				return null;
			case "clearWarnings", "cancel":
				return onBoth(method, args);
			default:
				if (name.startsWith("set") && declaringClass == PreparedStatement.class) {
					return setParameter(method, args);
				}
				if (name.startsWith("set") && declaringClass == Statement.class) {
					// fetch size, timeout, maximum rows and the like apply to whichever statement runs
					return onBoth(method, args);
				}
				return invoke(this.plain, method, args);
		}
	}

	private Object execute(Execution execution) throws SQLException {
		if (this.closed || this.plain.isClosed() || this.executed.isClosed()) {
			// closed, perhaps by the driver on completion of its results: the driver says so
			close();
			return executePlain(execution);
		}
		boolean tenantNeeded = this.connection.tenantNeeded();
		PreparedStatement prefixed = this.prefixed;
		if (tenantNeeded && prefixed != null) {
			runOn(prefixed);
			prefixed.execute();
			this.connection.tenantCarried();
			// the setting's row is the first result: close it and move to the caller's first
			boolean resultSet = prefixed.getMoreResults();
			if (execution == Execution.EXECUTE) {
				return resultSet;
			}
			this.results = PrefixedResults.of(prefixed, resultSet, execution);
			return this.results.returned(execution);
		}
		if (tenantNeeded) {
			this.connection.setTenant();
		}
		runOn(this.plain);
		return executePlain(execution);
	}

	private Object executePlain(Execution execution) throws SQLException {
		return switch (execution) {
			case EXECUTE -> this.plain.execute();
			case QUERY -> this.plain.executeQuery();
			case UPDATE -> this.plain.executeUpdate();
			case LARGE_UPDATE -> this.plain.executeLargeUpdate();
		};
	}

	/**
	 * Makes a statement the one whose results are current. Executing a statement closes its previous results;
	 * when the other statement ran last, its results are closed too, as if there were only one statement.
	 */
	private void runOn(PreparedStatement statement) throws SQLException {
		if (this.executed != statement && !this.executed.isClosed()) {
			this.executed.getMoreResults(Statement.CLOSE_ALL_RESULTS);
		}
		this.executed = statement;
		this.results = null;
		if (this.retired != null) {
			closeQuietly(this.retired);
			this.retired = null;
		}
	}

	private @Nullable Object onPlainWithTenant(Method method, Object @Nullable [] args) throws Throwable {
		if (this.connection.tenantNeeded()) {
			this.connection.setTenant();
		}
		if (method.getName().startsWith("execute")) {
			runOn(this.plain);
		}
		return invoke(this.plain, method, args);
	}

	/**
	 * Sets a parameter on both statements, the plain one first so that the driver reports a bad index as the
	 * caller numbered it. A value the driver may read only once goes to the plain statement alone, and the
	 * prefixed statement is given up.
	 */
	private @Nullable Object setParameter(Method method, Object[] args) throws Throwable {
		Object result = invoke(this.plain, method, args);
		PreparedStatement prefixed = this.prefixed;
		if (prefixed != null) {
			if (readableOnce(args)) {
				givePrefixUp();
			}
			else {
				Object[] shifted = args.clone();
				shifted[0] = (Integer) args[0] + this.setting.parameterCount();
				onPrefixed(prefixed, method, shifted);
			}
		}
		return result;
	}

	/**
	 * Applies what the plain statement accepted to the prefixed one too; should the prefixed statement refuse
	 * it, it is given up, so that the plain statement, which the caller configured, is the one that runs.
	 */
	private void onPrefixed(PreparedStatement prefixed, Method method, Object[] args) {
		try {
			invoke(prefixed, method, args);
		}
		catch (Throwable ex) {
			logger.debug("The statement with the tenant setting in front refused {}; running without it", method, ex);
			givePrefixUp();
		}
	}

	/**
	 * Gives the prefixed statement up: from now on the plain statement runs, after a setting of its own when
	 * the transaction needs the tenant. Results of the prefixed statement stay readable until the next execution.
	 */
	private void givePrefixUp() {
		PreparedStatement prefixed = this.prefixed;
		this.prefixed = null;
		if (prefixed == this.executed) {
			this.retired = prefixed;
		}
		else {
			closeQuietly(prefixed);
		}
	}

	private static boolean readableOnce(Object[] args) {
		for (Object arg : args) {
			if (arg instanceof InputStream || arg instanceof Reader || arg instanceof Blob || arg instanceof Clob
					|| arg instanceof SQLXML) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Object onBoth(Method method, Object @Nullable [] args) throws Throwable {
		Object result = invoke(this.plain, method, args);
		if (this.prefixed != null) {
			onPrefixed(this.prefixed, method, args);
		}
		return result;
	}

	private void close() throws SQLException {
		this.closed = true;
		PreparedStatement prefixed = this.prefixed;
		this.prefixed = null;
		closeQuietly(this.retired);
		this.retired = null;
		try {
			this.plain.close();
		}
		finally {
			if (prefixed != null) {
				prefixed.close();
			}
		}
	}

	private static void closeQuietly(@Nullable Statement statement) {
		if (statement != null) {
			try {
				statement.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close a statement", ex);
			}
		}
	}

	private static @Nullable Object invoke(Statement target, Method method, Object @Nullable [] args)
			throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
