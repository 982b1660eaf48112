package dev.tenancy.jpa.connection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import dev.tenancy.jpa.connection.PrefixedResults.Execution;
import org.jspecify.annotations.Nullable;

/**
 * A statement from {@code prepareStatement(String)} (or its forward-only, read-only equivalent) on a
 * TRANSACTION-mode connection with a tenant, which sets the tenant itself when it is executed in a transaction
 * that does not carry it yet.
 * <p>
 * A statement prepared while the transaction still needs the tenant is prepared twice
 * ({@link PlainAndPrefixedStatements}): as written, and with the tenant setting in front, which the driver sends
 * as two statements in one round trip. Each execution picks one: the prefixed statement while the transaction
 * needs the tenant, the plain one after. The setting's own result is skipped and the caller's results are
 * presented as the plain statement would present them ({@link PrefixedResults}). The connection records that
 * the transaction carries the tenant only once the prefixed statement succeeded: the driver's {@code autosave}
 * rolls a failed statement back, setting included.
 * <p>
 * Anything the prefix cannot serve falls back to a setting of its own before the plain statement, so it costs a
 * round trip but never the tenant: batches, metadata (which the server describes under the current
 * {@code search_path}), a statement prepared after the transaction carried the tenant and executed in a later
 * one, and values that can be read only once. {@code ResultSet.getStatement()} and {@code unwrap} return the
 * driver's statement behind this one.
 */
final class TenantPreparedStatement implements InvocationHandler {

	private final TenantBoundConnection connection;

	private final Connection connectionProxy;

	private final PlainAndPrefixedStatements statements;

	/** The statement that ran last, whose results and warnings are current. */
	private PreparedStatement executed;

	/** The caller's results of the prefixed statement's {@code executeQuery}/{@code executeUpdate}. */
	private @Nullable PrefixedResults results;

	private boolean closed;

	private TenantPreparedStatement(TenantBoundConnection connection, Connection connectionProxy,
			PlainAndPrefixedStatements statements) {
		this.connection = connection;
		this.connectionProxy = connectionProxy;
		this.statements = statements;
		this.executed = statements.plain();
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
		boolean withPrefix = connection.tenantPending() && !target.getAutoCommit();
		PlainAndPrefixedStatements statements = PlainAndPrefixedStatements.prepare(target, sql,
				connection.transactionSetting(), withPrefix);
		return (PreparedStatement) Proxy.newProxyInstance(TenantPreparedStatement.class.getClassLoader(),
				new Class<?>[] { PreparedStatement.class },
				new TenantPreparedStatement(connection, connectionProxy, statements));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		Class<?> declaringClass = method.getDeclaringClass();
		if (declaringClass == Object.class) {
			return switch (name) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "TenantPreparedStatement[prefixed=" + (this.statements.prefixed() != null) + "] -> "
						+ this.statements.plain();
			};
		}
		PreparedStatement plain = this.statements.plain();
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
				return PlainAndPrefixedStatements.invoke(this.executed, method, args);
			case "getConnection":
				plain.getConnection(); // fails like the driver's once closed
				return this.connectionProxy;
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : plain.unwrap((Class<?>) args[0]);
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) || plain.isWrapperFor((Class<?>) args[0]);
			case "close":
				close();
				return null;
			case "isClosed":
				return isClosed();
			case "clearParameters":
				this.statements.clearParameters();
				return null;
			case "closeOnCompletion":
				// the setting's own result would count as one of the caller's: run plain from now on
				this.statements.onBoth(method, args);
				this.statements.givePrefixUp();
				return null;
			case "clearWarnings", "cancel":
				return this.statements.onBoth(method, args);
			default:
				if (name.startsWith("set") && declaringClass == PreparedStatement.class) {
					return this.statements.setParameter(method, args);
				}
				if (name.startsWith("set") && declaringClass == Statement.class) {
					return this.statements.onBoth(method, args);
				}
				return PlainAndPrefixedStatements.invoke(plain, method, args);
		}
	}

	private Object execute(Execution execution) throws SQLException {
		checkConnectionOpen();
		if (isClosed()) {
			// closed, perhaps by the driver on completion of its results: the driver says so
			close();
			return executePlain(execution);
		}
		boolean tenantNeeded = this.connection.tenantNeeded();
		PreparedStatement prefixed = this.statements.prefixed();
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
		runOn(this.statements.plain());
		return executePlain(execution);
	}

	private Object executePlain(Execution execution) throws SQLException {
		PreparedStatement plain = this.statements.plain();
		return switch (execution) {
			case EXECUTE -> plain.execute();
			case QUERY -> plain.executeQuery();
			case UPDATE -> plain.executeUpdate();
			case LARGE_UPDATE -> plain.executeLargeUpdate();
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
		this.statements.closeRetired();
	}

	private @Nullable Object onPlainWithTenant(Method method, Object @Nullable [] args) throws Throwable {
		checkConnectionOpen();
		if (this.connection.tenantNeeded()) {
			this.connection.setTenant();
		}
		if (method.getName().startsWith("execute")) {
			runOn(this.statements.plain());
		}
		return PlainAndPrefixedStatements.invoke(this.statements.plain(), method, args);
	}

	/**
	 * Refuses to run once the connection handle is closed. A pool that does not close a returned connection's
	 * statements would otherwise let this one set its tenant in the transaction of whoever has the connection now.
	 */
	private void checkConnectionOpen() throws SQLException {
		if (this.connection.isClosed()) {
			close();
			throw new SQLException("This statement's connection was closed and has gone back to its pool; prepare "
					+ "statements on the connection in use", "08003");
		}
	}

	private boolean isClosed() throws SQLException {
		return this.closed || this.statements.plain().isClosed() || this.executed.isClosed();
	}

	private void close() throws SQLException {
		this.closed = true;
		this.statements.close();
	}

}
