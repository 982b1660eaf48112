package dev.tenancy.jpa.connection;

import java.io.InputStream;
import java.io.Reader;
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
	 * Sets a parameter on both.
	 * @param index the parameter's index as the caller numbered it
	 * @param parameter sets the value on a statement at an index
	 */
	void setParameter(int index, Parameter parameter) throws SQLException {
		parameter.setOn(this.plain, index);
		PreparedStatement prefixed = this.prefixed;
		if (prefixed != null) {
			try {
				parameter.setOn(prefixed, index + this.setting.parameterCount());
			}
			catch (SQLException | RuntimeException ex) {
				givePrefixUp(ex);
			}
		}
	}

	/**
	 * Sets a value the driver may read only once (a stream, reader, LOB or XML) on the plain statement alone,
	 * and gives the prefixed one up.
	 * @param index the parameter's index
	 * @param parameter sets the value on a statement at an index
	 */
	void setParameterReadOnce(int index, Parameter parameter) throws SQLException {
		parameter.setOn(this.plain, index);
		givePrefixUp();
	}

	/**
	 * Applies a setting to both, such as a fetch size, time-out or maximum row count that applies to whichever
	 * runs.
	 * @param option applies the option to a statement
	 */
	void onBoth(Option option) throws SQLException {
		option.applyTo(this.plain);
		PreparedStatement prefixed = this.prefixed;
		if (prefixed != null) {
			try {
				option.applyTo(prefixed);
			}
			catch (SQLException | RuntimeException ex) {
				givePrefixUp(ex);
			}
		}
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

	private void givePrefixUp(Exception ex) {
		logger.debug("The statement with the tenant setting in front refused a parameter or setting; running "
				+ "without it", ex);
		givePrefixUp();
	}

	/**
	 * Returns whether the driver may read a value only once: a stream, reader, LOB or XML.
	 * @param value a parameter's value
	 * @return whether it may be read only once
	 */
	static boolean readableOnce(@Nullable Object value) {
		return value instanceof InputStream || value instanceof Reader || value instanceof Blob
				|| value instanceof Clob || value instanceof SQLXML;
	}

	/** Sets one parameter's value on a statement. */
	@FunctionalInterface
	interface Parameter {

		void setOn(PreparedStatement statement, int index) throws SQLException;

	}

	/** Applies one of the statement's own options (a fetch size, time-out or row limit), not a parameter. */
	@FunctionalInterface
	interface Option {

		void applyTo(PreparedStatement statement) throws SQLException;

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
