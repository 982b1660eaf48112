package dev.tenancy.jpa.connection;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

import org.jspecify.annotations.Nullable;

/**
 * A prepared statement over {@link PlainAndPrefixedStatements}, keeping the two in step: parameters and the
 * statement's options go to both, values the driver may read only once to the plain statement alone (giving the
 * prefixed one up), and what does not depend on which of the two ran is read from the plain one. Executing, the
 * results and the statement's life are left to the subclass.
 * <p>
 * Plain calls, not a reflective proxy: Hibernate sets every parameter through here on every execution.
 */
abstract class InStepPreparedStatement implements PreparedStatement {

	protected final PlainAndPrefixedStatements statements;

	InStepPreparedStatement(PlainAndPrefixedStatements statements) {
		this.statements = statements;
	}

	// Parameters, set on both statements

	@Override
	public final void setNull(int parameterIndex, int sqlType) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setNull(index, sqlType));
	}

	@Override
	public final void setBoolean(int parameterIndex, boolean x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setBoolean(index, x));
	}

	@Override
	public final void setByte(int parameterIndex, byte x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setByte(index, x));
	}

	@Override
	public final void setShort(int parameterIndex, short x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setShort(index, x));
	}

	@Override
	public final void setInt(int parameterIndex, int x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setInt(index, x));
	}

	@Override
	public final void setLong(int parameterIndex, long x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setLong(index, x));
	}

	@Override
	public final void setFloat(int parameterIndex, float x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setFloat(index, x));
	}

	@Override
	public final void setDouble(int parameterIndex, double x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setDouble(index, x));
	}

	@Override
	public final void setBigDecimal(int parameterIndex, @Nullable BigDecimal x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setBigDecimal(index, x));
	}

	@Override
	public final void setString(int parameterIndex, @Nullable String x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setString(index, x));
	}

	@Override
	public final void setBytes(int parameterIndex, byte @Nullable [] x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setBytes(index, x));
	}

	@Override
	public final void setDate(int parameterIndex, @Nullable Date x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setDate(index, x));
	}

	@Override
	public final void setTime(int parameterIndex, @Nullable Time x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setTime(index, x));
	}

	@Override
	public final void setTimestamp(int parameterIndex, @Nullable Timestamp x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setTimestamp(index, x));
	}

	@Override
	public final void setRef(int parameterIndex, @Nullable Ref x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setRef(index, x));
	}

	@Override
	public final void setArray(int parameterIndex, @Nullable Array x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setArray(index, x));
	}

	@Override
	public final void setDate(int parameterIndex, @Nullable Date x, @Nullable Calendar calendar) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setDate(index, x, calendar));
	}

	@Override
	public final void setTime(int parameterIndex, @Nullable Time x, @Nullable Calendar calendar) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setTime(index, x, calendar));
	}

	@Override
	public final void setTimestamp(int parameterIndex, @Nullable Timestamp x,
			@Nullable Calendar calendar) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setTimestamp(index, x, calendar));
	}

	@Override
	public final void setNull(int parameterIndex, int sqlType, @Nullable String typeName) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setNull(index, sqlType, typeName));
	}

	@Override
	public final void setURL(int parameterIndex, @Nullable URL x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setURL(index, x));
	}

	@Override
	public final void setRowId(int parameterIndex, @Nullable RowId x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setRowId(index, x));
	}

	@Override
	public final void setNString(int parameterIndex, @Nullable String x) throws SQLException {
		this.statements.setParameter(parameterIndex, (statement, index) -> statement.setNString(index, x));
	}

	@Override
	public final void setObject(int parameterIndex, @Nullable Object x, int targetSqlType) throws SQLException {
		setObjectValue(parameterIndex, x, (statement, index) -> statement.setObject(index, x, targetSqlType));
	}

	@Override
	public final void setObject(int parameterIndex, @Nullable Object x) throws SQLException {
		setObjectValue(parameterIndex, x, (statement, index) -> statement.setObject(index, x));
	}

	@Override
	public final void setObject(int parameterIndex, @Nullable Object x, int targetSqlType,
			int scaleOrLength) throws SQLException {
		setObjectValue(parameterIndex, x,
				(statement, index) -> statement.setObject(index, x, targetSqlType, scaleOrLength));
	}

	@Override
	public final void setObject(int parameterIndex, @Nullable Object x, SQLType targetSqlType,
			int scaleOrLength) throws SQLException {
		setObjectValue(parameterIndex, x,
				(statement, index) -> statement.setObject(index, x, targetSqlType, scaleOrLength));
	}

	@Override
	public final void setObject(int parameterIndex, @Nullable Object x, SQLType targetSqlType) throws SQLException {
		setObjectValue(parameterIndex, x, (statement, index) -> statement.setObject(index, x, targetSqlType));
	}

	// Values the driver may read only once: on the plain statement alone

	@Override
	public final void setAsciiStream(int parameterIndex, @Nullable InputStream x, int length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setAsciiStream(index, x, length));
	}

	@Override
	public final void setUnicodeStream(int parameterIndex, @Nullable InputStream x, int length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setUnicodeStream(index, x, length));
	}

	@Override
	public final void setBinaryStream(int parameterIndex, @Nullable InputStream x, int length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setBinaryStream(index, x, length));
	}

	@Override
	public final void setCharacterStream(int parameterIndex, @Nullable Reader reader, int length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setCharacterStream(index, reader, length));
	}

	@Override
	public final void setBlob(int parameterIndex, @Nullable Blob x) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setBlob(index, x));
	}

	@Override
	public final void setClob(int parameterIndex, @Nullable Clob x) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setClob(index, x));
	}

	@Override
	public final void setNCharacterStream(int parameterIndex, @Nullable Reader value, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setNCharacterStream(index, value, length));
	}

	@Override
	public final void setNClob(int parameterIndex, @Nullable NClob value) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setNClob(index, value));
	}

	@Override
	public final void setClob(int parameterIndex, @Nullable Reader reader, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setClob(index, reader, length));
	}

	@Override
	public final void setBlob(int parameterIndex, @Nullable InputStream inputStream, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setBlob(index, inputStream, length));
	}

	@Override
	public final void setNClob(int parameterIndex, @Nullable Reader reader, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setNClob(index, reader, length));
	}

	@Override
	public final void setSQLXML(int parameterIndex, @Nullable SQLXML xmlObject) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setSQLXML(index, xmlObject));
	}

	@Override
	public final void setAsciiStream(int parameterIndex, @Nullable InputStream x, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setAsciiStream(index, x, length));
	}

	@Override
	public final void setBinaryStream(int parameterIndex, @Nullable InputStream x, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setBinaryStream(index, x, length));
	}

	@Override
	public final void setCharacterStream(int parameterIndex, @Nullable Reader reader, long length) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setCharacterStream(index, reader, length));
	}

	@Override
	public final void setAsciiStream(int parameterIndex, @Nullable InputStream x) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setAsciiStream(index, x));
	}

	@Override
	public final void setBinaryStream(int parameterIndex, @Nullable InputStream x) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setBinaryStream(index, x));
	}

	@Override
	public final void setCharacterStream(int parameterIndex, @Nullable Reader reader) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setCharacterStream(index, reader));
	}

	@Override
	public final void setNCharacterStream(int parameterIndex, @Nullable Reader value) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setNCharacterStream(index, value));
	}

	@Override
	public final void setClob(int parameterIndex, @Nullable Reader reader) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setClob(index, reader));
	}

	@Override
	public final void setBlob(int parameterIndex, @Nullable InputStream inputStream) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex,
				(statement, index) -> statement.setBlob(index, inputStream));
	}

	@Override
	public final void setNClob(int parameterIndex, @Nullable Reader reader) throws SQLException {
		this.statements.setParameterReadOnce(parameterIndex, (statement, index) -> statement.setNClob(index, reader));
	}

	// The statement's own options, applied to both

	@Override
	public final void setMaxFieldSize(int max) throws SQLException {
		this.statements.onBoth((statement) -> statement.setMaxFieldSize(max));
	}

	@Override
	public final void setMaxRows(int max) throws SQLException {
		this.statements.onBoth((statement) -> statement.setMaxRows(max));
	}

	@Override
	public final void setEscapeProcessing(boolean enable) throws SQLException {
		this.statements.onBoth((statement) -> statement.setEscapeProcessing(enable));
	}

	@Override
	public final void setQueryTimeout(int seconds) throws SQLException {
		this.statements.onBoth((statement) -> statement.setQueryTimeout(seconds));
	}

	@Override
	public final void setCursorName(@Nullable String name) throws SQLException {
		this.statements.onBoth((statement) -> statement.setCursorName(name));
	}

	@Override
	public final void setFetchDirection(int direction) throws SQLException {
		this.statements.onBoth((statement) -> statement.setFetchDirection(direction));
	}

	@Override
	public final void setFetchSize(int rows) throws SQLException {
		this.statements.onBoth((statement) -> statement.setFetchSize(rows));
	}

	@Override
	public final void setPoolable(boolean poolable) throws SQLException {
		this.statements.onBoth((statement) -> statement.setPoolable(poolable));
	}

	@Override
	public final void setLargeMaxRows(long max) throws SQLException {
		this.statements.onBoth((statement) -> statement.setLargeMaxRows(max));
	}

	// What does not depend on which of the two ran: the plain statement's

	@Override
	public final int getMaxFieldSize() throws SQLException {
		return this.statements.plain().getMaxFieldSize();
	}

	@Override
	public final int getMaxRows() throws SQLException {
		return this.statements.plain().getMaxRows();
	}

	@Override
	public final int getQueryTimeout() throws SQLException {
		return this.statements.plain().getQueryTimeout();
	}

	@Override
	public final int getFetchDirection() throws SQLException {
		return this.statements.plain().getFetchDirection();
	}

	@Override
	public final int getFetchSize() throws SQLException {
		return this.statements.plain().getFetchSize();
	}

	@Override
	public final int getResultSetConcurrency() throws SQLException {
		return this.statements.plain().getResultSetConcurrency();
	}

	@Override
	public final int getResultSetType() throws SQLException {
		return this.statements.plain().getResultSetType();
	}

	@Override
	public final int getResultSetHoldability() throws SQLException {
		return this.statements.plain().getResultSetHoldability();
	}

	@Override
	public final boolean isPoolable() throws SQLException {
		return this.statements.plain().isPoolable();
	}

	@Override
	public final boolean isCloseOnCompletion() throws SQLException {
		return this.statements.plain().isCloseOnCompletion();
	}

	@Override
	public final long getLargeMaxRows() throws SQLException {
		return this.statements.plain().getLargeMaxRows();
	}

	@Override
	public final void addBatch() throws SQLException {
		this.statements.plain().addBatch();
	}

	@Override
	public final void addBatch(String sql) throws SQLException {
		this.statements.plain().addBatch(sql);
	}

	@Override
	public final void clearBatch() throws SQLException {
		this.statements.plain().clearBatch();
	}

	@Override
	public final String enquoteLiteral(String val) throws SQLException {
		return this.statements.plain().enquoteLiteral(val);
	}

	@Override
	public final String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
		return this.statements.plain().enquoteIdentifier(identifier, alwaysQuote);
	}

	@Override
	public final boolean isSimpleIdentifier(String identifier) throws SQLException {
		return this.statements.plain().isSimpleIdentifier(identifier);
	}

	@Override
	public final String enquoteNCharLiteral(String val) throws SQLException {
		return this.statements.plain().enquoteNCharLiteral(val);
	}

	/** A value of any type: on both statements, unless the driver may read it only once. */
	private void setObjectValue(int parameterIndex, @Nullable Object x, PlainAndPrefixedStatements.Parameter parameter)
			throws SQLException {
		if (PlainAndPrefixedStatements.readableOnce(x)) {
			this.statements.setParameterReadOnce(parameterIndex, parameter);
		}
		else {
			this.statements.setParameter(parameterIndex, parameter);
		}
	}

}
