package dev.tenancy.jpa.connection;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller's prepared statement held twice and kept in step: as written, and with the tenant setting in front
 * ({@link TransactionTenantSetting#prefixTo(String)}) while it may still be the one to carry the tenant. What
 * the caller sets goes to the plain statement first, so that the driver reports mistakes as the caller numbered
 * the parameters, then to the prefixed one with its parameters moved past the setting's. The plain statement is
 * authoritative: whatever the prefixed one cannot take in the same way, it is given up for.
 */
final class PlainAndPrefixedStatements {

	private static final Logger logger = LoggerFactory.getLogger(PlainAndPrefixedStatements.class);

	private final PreparedStatement plain;

	/** The statement with the tenant setting in front, or {@code null} if there is none (any more). */
	private @Nullable PreparedStatement prefixed;

	/** A prefixed statement given up; its results stay readable until the next execution closes it. */
	private @Nullable PreparedStatement retired;

	private final TransactionTenantSetting setting;

	private PlainAndPrefixedStatements(PreparedStatement plain, @Nullable PreparedStatement prefixed,
			TransactionTenantSetting setting) {
		this.plain = plain;
		this.prefixed = prefixed;
		this.setting = setting;
	}

	/**
	 * Prepares a statement, forward-only and read-only as {@code prepareStatement(String)} does by definition.
	 * @param target the driver's (or pool's) connection
	 * @param sql the caller's statement
	 * @param setting the tenant setting
	 * @param withPrefix whether to prepare it with the setting in front as well
	 * @return the statements
	 */
	static PlainAndPrefixedStatements prepare(Connection target, String sql, TransactionTenantSetting setting,
			boolean withPrefix) throws SQLException {
		PreparedStatement plain = target.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
		PreparedStatement prefixed = null;
		if (withPrefix && !sql.isBlank()) {
			try {
				prefixed = target.prepareStatement(setting.prefixTo(sql), ResultSet.TYPE_FORWARD_ONLY,
						ResultSet.CONCUR_READ_ONLY);
				setting.bind(prefixed);
			}
			catch (SQLException ex) {
				logger.debug("Could not prepare the tenant setting in front of a statement; it is set on its own", ex);
				closeQuietly(prefixed);
				prefixed = null;
			}
		}
		return new PlainAndPrefixedStatements(plain, prefixed, setting);
	}

	PreparedStatement plain() {
		return this.plain;
	}

	@Nullable PreparedStatement prefixed() {
		return this.prefixed;
	}

	/**
	 * Sets a parameter on both. A value the driver may read only once (a stream, reader, LOB or XML) goes to the
	 * plain statement alone, and the prefixed one is given up.
	 * @param method a {@code PreparedStatement} setter, whose first argument is the parameter index
	 * @param args its arguments
	 * @return what the plain statement returned
	 */
	@Nullable Object setParameter(Method method, Object[] args) throws Throwable {
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
	 * Calls a method on both, such as a fetch size, time-out or maximum row count that applies to whichever runs.
	 * @return what the plain statement returned
	 */
	@Nullable Object onBoth(Method method, Object @Nullable [] args) throws Throwable {
		Object result = invoke(this.plain, method, args);
		if (this.prefixed != null) {
			onPrefixed(this.prefixed, method, args);
		}
		return result;
	}

	void clearParameters() throws SQLException {
		this.plain.clearParameters();
		PreparedStatement prefixed = this.prefixed;
		if (prefixed != null) {
			try {
				prefixed.clearParameters();
				this.setting.bind(prefixed);
			}
			catch (SQLException ex) {
				logger.debug("Could not clear the parameters behind the tenant setting; running without it", ex);
				givePrefixUp();
			}
		}
	}

	/** Gives the prefixed statement up: from now on the plain statement runs. */
	void givePrefixUp() {
		PreparedStatement prefixed = this.prefixed;
		this.prefixed = null;
		if (prefixed != null) {
			closeQuietly(this.retired);
			this.retired = prefixed;
		}
	}

	/** Closes a prefixed statement given up, once its results are no longer current. */
	void closeRetired() {
		closeQuietly(this.retired);
		this.retired = null;
	}

	void close() throws SQLException {
		PreparedStatement prefixed = this.prefixed;
		this.prefixed = null;
		closeRetired();
		try {
			this.plain.close();
		}
		finally {
			if (prefixed != null) {
				prefixed.close();
			}
		}
	}

	private void onPrefixed(PreparedStatement prefixed, Method method, Object @Nullable [] args) {
		try {
			invoke(prefixed, method, args);
		}
		catch (Throwable ex) {
			logger.debug("The statement with the tenant setting in front refused {}; running without it", method, ex);
			givePrefixUp();
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

	static @Nullable Object invoke(Statement target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
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

}
