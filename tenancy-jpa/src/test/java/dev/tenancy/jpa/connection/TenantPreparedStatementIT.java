package dev.tenancy.jpa.connection;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.jdbc.PgResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A statement that carries the tenant itself, run as the first statement of a transaction, answers exactly as
 * the driver's plain statement does after a separate tenant setting: results, update counts, further results and
 * errors (SQLState and message) for each way of executing it, and parameters of every common type. The first
 * execution takes one round trip, so the prefix is really in use.
 */
class TenantPreparedStatementIT {

	static TenancyTestDatabase db;

	static ProtocolMessageCounter counter;

	static HikariDataSource pool;

	static TenantAwareDataSource tenantAware;

	@BeforeAll
	static void migrate() throws Exception {
		db = TenancyTestDatabase.create(TenantPreparedStatementIT.class);
		TenancySchema.migrate(db);
		db.executeAsAdmin("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), 'A1'), "
				+ "('acme', gen_random_uuid(), 'A2'), ('globex', gen_random_uuid(), 'G1')");
		counter = ProtocolMessageCounter.inFrontOf(db);
		pool = counter.appPool(1, "");
		tenantAware = new TenantAwareDataSource(pool);
	}

	@AfterAll
	static void drop() throws Exception {
		pool.close();
		counter.close();
		db.close();
	}

	enum Execution {

		EXECUTE, QUERY, UPDATE, LARGE_UPDATE

	}

	static Stream<Arguments> statements() {
		List<Arguments> cases = new ArrayList<>();
		for (Execution execution : Execution.values()) {
			cases.add(Arguments.of("select name from projects order by name", List.of(), execution, 1));
			cases.add(Arguments.of("update projects set name = name || '' where name like ?", List.of("A%"), execution, 1));
			cases.add(Arguments.of("select name from projects where name = ?; select count(*) from projects",
					List.of("A2"), execution, 1));
			cases.add(Arguments.of("update projects set name = name; update projects set name = name where name = ?",
					List.of("A1"), execution, 1));
			cases.add(Arguments.of("update projects set name = name; select name from projects order by name", List.of(),
					execution, 1));
			cases.add(Arguments.of("select name from projects order by name; update projects set name = name", List.of(),
					execution, 1));
			cases.add(Arguments.of("insert into projects (tenant_id, id, name) values ('acme', gen_random_uuid(), ?) "
					+ "returning name", List.of("A3"), execution, 1));
			cases.add(Arguments.of("insert into projects (tenant_id, id, name) values ('globex', gen_random_uuid(), ?)",
					List.of("planted"), execution, 1));
			cases.add(Arguments.of("select * frm projects", List.of(), execution, 1));
			cases.add(Arguments.of("select name, 1 / (count(*) over () - 2) from projects", List.of(), execution, 1));
			cases.add(Arguments.of("set local work_mem = '8MB'", List.of(), execution, 1));
			cases.add(Arguments.of("create temp table scratch (x int) on commit drop", List.of(), execution, 1));
			cases.add(Arguments.of("select ?::int, name from projects", List.of(), execution, 0));
			cases.add(Arguments.of("select '?;' as q, $$a;b$$ as d, name from projects where name = ? -- a comment",
					List.of("A1"), execution, 1));
			// nothing to put the setting in front of: a setting of its own, then the statement
			cases.add(Arguments.of("", List.of(), execution, 2));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{2} {0}")
	@MethodSource("statements")
	void answersAsThePlainStatementDoes(String sql, List<Object> parameters, Execution execution, int roundTrips)
			throws Exception {
		String expected;
		try (Connection raw = pool.getConnection()) {
			raw.setAutoCommit(false);
			setLocal(raw, "acme");
			try (PreparedStatement statement = raw.prepareStatement(sql)) {
				bind(statement, parameters);
				expected = transcript(statement, execution);
			}
			raw.rollback();
			raw.setAutoCommit(true);
		}
		String actual;
		try (Connection connection = TenantContext.where("acme").call(tenantAware::getConnection)) {
			connection.setAutoCommit(false);
			counter.reset();
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				bind(statement, parameters);
				actual = transcript(statement, execution);
			}
			assertThat(counter.syncs()).as("round trips").isEqualTo(roundTrips);
			connection.rollback();
			connection.setAutoCommit(true);
		}
		assertThat(actual).isEqualTo(expected);
	}

	@Test
	void parametersOfEveryCommonTypeArriveAsWithoutThePrefix() throws Exception {
		String sql = "select ?::text, ?::int4, ?::int8, ?::int2, ?::numeric, ?::bool, ?::float8, ?::float4, ?::date, "
				+ "?::time, ?::timestamp, ?::timestamptz, ?::uuid, ?::bytea, ?::jsonb, ?::text[], ?::text, ?::int4, "
				+ "?::uuid, ?::text, (select string_agg(name, ',' order by name) from projects)";
		Binder binder = (statement) -> {
			statement.setString(1, "text ' \" ; ?");
			statement.setInt(2, Integer.MIN_VALUE);
			statement.setLong(3, Long.MAX_VALUE);
			statement.setShort(4, (short) -7);
			statement.setBigDecimal(5, new BigDecimal("12345678901234567890.0123456789"));
			statement.setBoolean(6, true);
			statement.setDouble(7, Math.PI);
			statement.setFloat(8, 1.5f);
			statement.setObject(9, LocalDate.of(2024, 2, 29));
			statement.setObject(10, LocalTime.of(23, 59, 58, 123_456_000));
			statement.setObject(11, LocalDateTime.of(2024, 2, 29, 12, 0));
			statement.setObject(12, OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 0, ZoneOffset.ofHours(2)));
			statement.setObject(13, UUID.fromString("00000000-0000-7000-8000-000000000001"));
			statement.setBytes(14, new byte[] { 0, 1, (byte) 0xff });
			statement.setObject(15, "{\"a\": [1, 2]}", Types.OTHER);
			statement.setArray(16, statement.getConnection().createArrayOf("text", new String[] { "x", null, "z" }));
			statement.setNull(17, Types.VARCHAR);
			statement.setNull(18, Types.INTEGER);
			statement.setObject(19, null);
			statement.setObject(20, "set with setObject");
		};
		assertThat(runAsFirstStatement(sql, binder, 1)).isEqualTo(runWithSeparateSetting(sql, binder))
			.contains("A1,A2");
	}

	@Test
	void streamsAndReadersAreReadOnceAndTheTenantIsStillCarried() throws Exception {
		String sql = "select ?::bytea, ?::text, ?::bytea, ?::text, "
				+ "(select string_agg(name, ',' order by name) from projects)";
		Binder binder = (statement) -> {
			statement.setBinaryStream(1, new ByteArrayInputStream(new byte[] { 1, 2, 3 }));
			statement.setCharacterStream(2, new StringReader("read once"));
			statement.setBinaryStream(3, new ByteArrayInputStream(new byte[] { 4, 5 }), 2);
			statement.setCharacterStream(4, new StringReader("sized"), 5);
		};
		// a value that can be read only once goes to the plain statement alone: the tenant is set on its own
		assertThat(runAsFirstStatement(sql, binder, 2)).isEqualTo(runWithSeparateSetting(sql, binder))
			.contains("read once")
			.contains("A1,A2");
	}

	static Stream<Arguments> setters() throws MalformedURLException {
		URL url = URI.create("https://example.com").toURL();
		Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
		byte[] ascii = "ascii".getBytes(StandardCharsets.US_ASCII);
		return Stream.of(
				// set on both statements: the tenant travels with the statement, one round trip
				setter("setByte", "int2", 1, (statement) -> statement.setByte(1, (byte) -5)),
				setter("setDate", "date", 1, (statement) -> statement.setDate(1, Date.valueOf("2024-02-29"))),
				setter("setDate with a calendar", "date", 1,
						(statement) -> statement.setDate(1, Date.valueOf("2024-02-29"), utc)),
				setter("setTime", "time", 1, (statement) -> statement.setTime(1, Time.valueOf("23:59:58"))),
				setter("setTime with a calendar", "time", 1,
						(statement) -> statement.setTime(1, Time.valueOf("23:59:58"), utc)),
				setter("setTimestamp", "timestamp", 1,
						(statement) -> statement.setTimestamp(1, Timestamp.valueOf("2024-02-29 12:00:00.123456"))),
				setter("setTimestamp with a calendar", "timestamptz", 1,
						(statement) -> statement.setTimestamp(1, Timestamp.valueOf("2024-02-29 12:00:00"), utc)),
				setter("setNull with a type name", "text", 1, (statement) -> statement.setNull(1, Types.VARCHAR, "text")),
				setter("setObject with a type and scale", "numeric", 1,
						(statement) -> statement.setObject(1, new BigDecimal("1.23456"), Types.NUMERIC, 2)),
				setter("setObject with a JDBCType", "int8", 1,
						(statement) -> statement.setObject(1, 42L, JDBCType.BIGINT)),
				setter("setObject with a JDBCType and scale", "numeric", 1,
						(statement) -> statement.setObject(1, new BigDecimal("9.87654"), JDBCType.NUMERIC, 3)),
				setter("setNString", "text", 1, (statement) -> statement.setNString(1, "national")),
				setter("setURL", "text", 1, (statement) -> statement.setURL(1, url)),
				setter("setRef", "text", 1, (statement) -> statement.setRef(1, null)),
				setter("setRowId", "text", 1, (statement) -> statement.setRowId(1, null)),
				// read only once: on the plain statement alone, the tenant set on its own first
				setter("setAsciiStream", "text", 2,
						(statement) -> statement.setAsciiStream(1, new ByteArrayInputStream(ascii))),
				setter("setAsciiStream sized", "text", 2,
						(statement) -> statement.setAsciiStream(1, new ByteArrayInputStream(ascii), ascii.length)),
				setter("setAsciiStream sized long", "text", 2,
						(statement) -> statement.setAsciiStream(1, new ByteArrayInputStream(ascii), (long) ascii.length)),
				setter("setUnicodeStream", "text", 2,
						(statement) -> statement.setUnicodeStream(1, new ByteArrayInputStream(ascii), ascii.length)),
				setter("setBinaryStream sized long", "bytea", 2,
						(statement) -> statement.setBinaryStream(1, new ByteArrayInputStream(ascii), 3L)),
				setter("setCharacterStream sized long", "text", 2,
						(statement) -> statement.setCharacterStream(1, new StringReader("characters"), 4L)),
				setter("setNCharacterStream", "text", 2,
						(statement) -> statement.setNCharacterStream(1, new StringReader("national"))),
				setter("setNCharacterStream sized", "text", 2,
						(statement) -> statement.setNCharacterStream(1, new StringReader("national"), 3L)),
				setter("setClob from a reader", "text", 2, (statement) -> statement.setClob(1, new StringReader("clob"))),
				setter("setClob from a sized reader", "text", 2,
						(statement) -> statement.setClob(1, new StringReader("clob"), 2L)),
				setter("setNClob from a reader", "text", 2,
						(statement) -> statement.setNClob(1, new StringReader("nclob"))),
				setter("setNClob from a sized reader", "text", 2,
						(statement) -> statement.setNClob(1, new StringReader("nclob"), 2L)),
				setter("setClob", "text", 2, (statement) -> statement.setClob(1, (Clob) null)),
				setter("setNClob", "text", 2, (statement) -> statement.setNClob(1, (NClob) null)),
				setter("setBlob", "text", 2, (statement) -> statement.setBlob(1, (Blob) null)),
				setter("setSQLXML", "xml::text", 2, (statement) -> {
					SQLXML xml = statement.getConnection().createSQLXML();
					xml.setString("<a>b</a>");
					statement.setSQLXML(1, xml);
				}),
				setter("setObject with a stream", "bytea", 2,
						(statement) -> statement.setObject(1, new ByteArrayInputStream(ascii))),
				setter("setObject with a stream and a type", "bytea", 2,
						(statement) -> statement.setObject(1, new ByteArrayInputStream(ascii), Types.LONGVARBINARY)));
	}

	private static Arguments setter(String name, String type, int roundTrips, Binder binder) {
		return Arguments.of(name, "select ?::" + type + ", (select string_agg(name, ',' order by name) from projects)",
				roundTrips, binder);
	}

	/**
	 * Every other parameter setter, and those the driver does not support, answer as the driver's own statement
	 * does: the same value, or the same error when the value is set.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setters")
	void everyParameterSetterAnswersAsThePlainStatementDoes(String name, String sql, int roundTrips, Binder binder)
			throws Exception {
		String expected;
		try {
			expected = runWithSeparateSetting(sql, binder);
		}
		catch (SQLException ex) {
			// the driver refuses the value: the statement carrying the tenant refuses it the same way
			assertThatExceptionOfType(ex.getClass()).isThrownBy(() -> runAsFirstStatement(sql, binder, roundTrips))
				.withMessage(ex.getMessage())
				.satisfies((refused) -> assertThat(refused.getSQLState()).isEqualTo(ex.getSQLState()));
			return;
		}
		assertThat(runAsFirstStatement(sql, binder, roundTrips)).isEqualTo(expected).contains("A1,A2");
	}

	@Test
	void clearedParametersAreClearedOnBothStatements() throws Exception {
		String sql = "select count(*) from projects where name like ?";
		Binder binder = (statement) -> {
			statement.setString(1, "G%");
			statement.clearParameters();
			statement.setString(1, "A%");
		};
		assertThat(runAsFirstStatement(sql, binder, 1)).isEqualTo(runWithSeparateSetting(sql, binder)).contains("2");
	}

	@Test
	void rowsAreFetchedInChunksWithAFetchSize() throws Exception {
		String sql = "select g from generate_series(1, 10) g where (select count(*) from projects) = 2";
		Binder binder = (statement) -> statement.setFetchSize(3);
		// one round trip for the first 3 rows, then one per further chunk, as without the prefix
		assertThat(runAsFirstStatement(sql, binder, 4)).isEqualTo(runWithSeparateSetting(sql, binder))
			.contains("[10]");
	}

	@Test
	void maximumRowsApplyToTheCallersResult() throws Exception {
		String sql = "select name from projects order by name";
		Binder binder = (statement) -> statement.setMaxRows(1);
		assertThat(runAsFirstStatement(sql, binder, 1)).isEqualTo(runWithSeparateSetting(sql, binder))
			.contains("[A1]")
			.doesNotContain("A2");
	}

	@Test
	void resultSetMetadataDescribesTheCallersColumns() throws Exception {
		try (Connection connection = TenantContext.where("acme").call(tenantAware::getConnection)) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement("select name, id as key from projects");
					ResultSet rows = statement.executeQuery()) {
				ResultSetMetaData metadata = rows.getMetaData();
				assertThat(metadata.getColumnCount()).isEqualTo(2);
				assertThat(metadata.getColumnLabel(2)).isEqualTo("key");
				assertThat(statement.getConnection()).isSameAs(connection);
				assertThat(statement.isWrapperFor(org.postgresql.PGStatement.class)).isTrue();
			}
			connection.rollback();
			connection.setAutoCommit(true);
		}
	}

	@FunctionalInterface
	interface Binder {

		void bind(PreparedStatement statement) throws SQLException;

	}

	private static String runWithSeparateSetting(String sql, Binder binder) throws SQLException {
		try (Connection raw = pool.getConnection()) {
			raw.setAutoCommit(false);
			setLocal(raw, "acme");
			try (PreparedStatement statement = raw.prepareStatement(sql)) {
				binder.bind(statement);
				return transcript(statement, Execution.EXECUTE);
			}
			finally {
				raw.rollback();
				raw.setAutoCommit(true);
			}
		}
	}

	private static String runAsFirstStatement(String sql, Binder binder, int roundTrips) throws Exception {
		try (Connection connection = TenantContext.where("acme").call(tenantAware::getConnection)) {
			connection.setAutoCommit(false);
			counter.reset();
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				binder.bind(statement);
				String transcript = transcript(statement, Execution.EXECUTE);
				assertThat(counter.syncs()).as("round trips").isEqualTo(roundTrips);
				return transcript;
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		}
	}

	/** The reference: the driver's statement after a separate transaction-local setting. */
	static void setLocal(Connection connection, String tenant) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			set.setString(1, tenant);
			set.execute();
		}
	}

	private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
		for (int i = 0; i < parameters.size(); i++) {
			statement.setObject(i + 1, parameters.get(i));
		}
	}

	/**
	 * What a JDBC client sees: the execution's answer, then every result as it walks them, or the error.
	 */
	static String transcript(PreparedStatement statement, Execution execution) {
		StringBuilder out = new StringBuilder();
		try {
			switch (execution) {
				case EXECUTE -> out.append("execute=").append(statement.execute());
				case QUERY -> {
					ResultSet rows = statement.executeQuery();
					// the driver's result set, behind whatever wrappers the pool puts around it
					boolean current = statement.getResultSet().unwrap(PgResultSet.class) == rows.unwrap(PgResultSet.class);
					out.append("query=").append(rows(rows)).append(" current=").append(current);
				}
				case UPDATE -> out.append("update=").append(statement.executeUpdate());
				case LARGE_UPDATE -> out.append("largeUpdate=").append(statement.executeLargeUpdate());
			}
			for (int i = 0; i < 5; i++) {
				ResultSet rows = statement.getResultSet();
				int count = statement.getUpdateCount();
				out.append(" | rows=").append((rows != null) ? rows(rows) : "none").append(" count=").append(count)
					.append(" large=").append(statement.getLargeUpdateCount());
				if (rows == null && count == -1) {
					break;
				}
				out.append(" more=").append(statement.getMoreResults());
				if (rows != null) {
					out.append(" closed=").append(rows.isClosed());
				}
			}
			out.append(" warnings=").append(statement.getWarnings());
		}
		catch (SQLException ex) {
			out.append(" ! ").append(ex.getSQLState()).append(' ').append(ex.getMessage());
		}
		return out.toString();
	}

	private static String rows(ResultSet rows) throws SQLException {
		if (rows.isClosed()) {
			return "closed";
		}
		List<List<String>> all = new ArrayList<>();
		int columns = rows.getMetaData().getColumnCount();
		while (rows.next()) {
			List<String> row = new ArrayList<>();
			for (int i = 1; i <= columns; i++) {
				Object value = rows.getObject(i);
				row.add((value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.ISO_8859_1) + "(bytes)"
						: String.valueOf(value));
			}
			all.add(row);
		}
		return all.toString();
	}

}
