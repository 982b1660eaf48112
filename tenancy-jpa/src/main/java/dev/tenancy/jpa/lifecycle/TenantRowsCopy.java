package dev.tenancy.jpa.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.tenancy.core.TenantId;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Copies one tenant's rows from the tenant tables of one place (a schema of a database) to those of another,
 * verifies the copy, and deletes the source rows once told to; or deletes all the tenant's rows of a place. Each
 * place is reached through operations bound to a transaction of the caller's, as a role under which row-level
 * security lets the tenant's rows through once the tenant setting is set.
 * <p>
 * Tenant tables are those with the tenant column. A table of the source that holds rows of the tenant but has no
 * counterpart in the target, or whose columns the target lacks, stops the copy before anything is written: no
 * row is left behind. So does a target table that numbers rows from a sequence (identity or {@code serial}),
 * whose sequence the copy would leave behind the values it copies. The source tables are locked against writes
 * ({@code SHARE ROW EXCLUSIVE}) until the source's transaction ends, rows are inserted parents first (by the
 * target's foreign keys), and each table's copy is compared with its source by row count and by a checksum over
 * every column. Within one database rows are copied by {@code INSERT ... SELECT}; between databases each value
 * travels as its text and is cast back to its column's type, with both sessions set to the same output formats.
 * The tenant id is only ever a bound parameter; schema, table, column and type names come from the catalogs and
 * are quoted or written by PostgreSQL's {@code format_type}.
 */
final class TenantRowsCopy {

	/** Rows sent to another database per batch. */
	private static final int BATCH = 500;

	/**
	 * Settings that fix how values are written as text: the same for the values sent to another database, and for
	 * the checksums, on both sides of a copy and when the source is checked again before its rows are deleted.
	 */
	private static final String[][] TEXT_FORMATS = { { "timezone", "UTC" }, { "datestyle", "ISO, YMD" },
			{ "intervalstyle", "postgres" }, { "extra_float_digits", "1" }, { "bytea_output", "hex" },
			{ "lc_monetary", "C" } };

	/**
	 * How long a lock on a table waits for the transactions ahead of it: a request queued longer holds every other
	 * writer of the table up behind it, so the move fails instead, and can be run again.
	 */
	static final String LOCK_TIMEOUT = "10s";

	private final String settingName;

	private final String tenantColumn;

	private final PlaceTables tables;

	TenantRowsCopy(String settingName, String tenantColumn, String historyTable) {
		this.settingName = settingName;
		this.tenantColumn = tenantColumn;
		this.tables = new PlaceTables(tenantColumn, historyTable);
	}

	/**
	 * Copies and verifies the tenant's rows.
	 * @param tenant the tenant
	 * @param source where the rows are copied from
	 * @param target where they are copied to; in the same database as the source if its operations are the same
	 * @param ownPlace whether the source is the tenant's own schema or database, where a table without the tenant
	 * column that holds rows would be left behind, and is therefore refused
	 * @return what was copied, to check the source against before deleting it
	 * @throws IllegalStateException if a table cannot be copied, the target already holds rows of the tenant, or
	 * the copy differs from its source; the caller's transactions must then be rolled back
	 */
	Copy copy(TenantId tenant, Place source, Place target, boolean ownPlace) {
		boolean sameDatabase = source.jdbc() == target.jdbc();
		setTenant(source, tenant);
		setTextFormats(source);
		if (!sameDatabase) {
			setTenant(target, tenant);
			setTextFormats(target);
		}
		Set<String> sourceTables = this.tables.tables(source);
		// locked before their columns are read: a column added now would be neither copied nor checked
		lock(source, sourceTables);
		if (ownPlace) {
			this.tables.refuseUntenantedRows(source);
		}
		this.tables.refuseUntenantedReferences(source);
		Set<String> targetTables = this.tables.tables(target);
		Map<String, List<String>> columns = new TreeMap<>();
		for (String table : sourceTables) {
			if (!targetTables.contains(table)) {
				long rows = count(source, tenant, table);
				if (rows > 0) {
					throw new IllegalStateException("Table '" + table + "' holds " + rows + " rows of tenant '"
							+ tenant + "' in " + source + ", but " + target + " has no such table; nothing was copied");
				}
				continue;
			}
			List<String> counted = PlaceTables.sequenceColumns(target, table);
			if (!counted.isEmpty()) {
				throw new IllegalStateException("Table '" + table + "' of " + target + " numbers " + counted
						+ " from a sequence, which a copy would leave behind its copied values; use UUIDs for tenant "
						+ "data; nothing was copied");
			}
			List<String> sourceColumns = PlaceTables.columns(source, table);
			if (!sameDatabase) {
				PlaceTables.refuseLargeObjects(target, table);
			}
			List<String> missing = new ArrayList<>(sourceColumns);
			missing.removeAll(PlaceTables.columns(target, table));
			if (!missing.isEmpty()) {
				throw new IllegalStateException("Table '" + table + "' of " + target + " lacks the columns " + missing
						+ " of " + source + "; migrate it first; nothing was copied");
			}
			columns.put(table, sourceColumns);
		}
		if (columns.isEmpty()) {
			throw new IllegalStateException(source + " and " + target + " have no tenant table (a table with column '"
					+ this.tenantColumn + "') in common; nothing was copied");
		}
		List<String> order = PlaceTables.parentsFirst(target, columns.keySet());
		for (String table : order) {
			long present = count(target, tenant, table);
			if (present > 0) {
				throw new IllegalStateException("Table '" + table + "' of " + target + " already holds " + present
						+ " rows of tenant '" + tenant + "'; nothing was copied");
			}
		}
		Map<String, Long> copied = new LinkedHashMap<>();
		for (String table : order) {
			copied.put(table, sameDatabase ? insertSelect(tenant, source, target, table, columns.get(table))
					: transfer(tenant, source, target, table, columns.get(table)));
		}
		Map<String, List<Object>> fingerprints = new LinkedHashMap<>();
		for (String table : order) {
			List<Object> expected = fingerprint(source, tenant, table, columns.get(table));
			List<Object> found = fingerprint(target, tenant, table, columns.get(table));
			if (!expected.equals(found)) {
				throw new IllegalStateException("The copy of table '" + table + "' differs from its source: " + found
						+ " against " + expected + " (rows, checksum); nothing was copied");
			}
			fingerprints.put(table, expected);
		}
		return new Copy(copied, columns, fingerprints);
	}

	/**
	 * Deletes the tenant's rows from a place, children first, if they are still exactly the rows of a copy: as
	 * many, and with the same checksum over every column.
	 * @throws IllegalStateException if a table's rows of the tenant changed since the copy; the caller's
	 * transaction must then be rolled back, which keeps every row
	 */
	void deleteCopied(TenantId tenant, Place place, Copy copy) {
		setTenant(place, tenant);
		setTextFormats(place);
		lock(place, copy.rows().keySet());
		for (String table : copy.rows().keySet()) {
			List<Object> now = fingerprint(place, tenant, table, copy.columns().get(table));
			if (!now.equals(copy.fingerprints().get(table))) {
				throw new IllegalStateException("Table '" + table + "' of " + place + " holds other rows of tenant '"
						+ tenant + "' than were copied: " + now + " against " + copy.fingerprints().get(table)
						+ " (rows, checksum); they were written there after the copy; none were deleted");
			}
		}
		List<String> childrenFirst = new ArrayList<>(copy.rows().keySet());
		Collections.reverse(childrenFirst);
		for (String table : childrenFirst) {
			delete(place, tenant, table);
		}
	}

	/**
	 * Deletes every row of the tenant from the tenant tables of a place, children first.
	 * @return the rows deleted, by table, in the order they were deleted
	 */
	Map<String, Long> deleteAll(TenantId tenant, Place place) {
		setTenant(place, tenant);
		Set<String> tables = this.tables.tables(place);
		lock(place, tables);
		List<String> childrenFirst = PlaceTables.parentsFirst(place, tables);
		Collections.reverse(childrenFirst);
		Map<String, Long> deleted = new LinkedHashMap<>();
		for (String table : childrenFirst) {
			deleted.put(table, delete(place, tenant, table));
		}
		return deleted;
	}

	private long insertSelect(TenantId tenant, Place source, Place target, String table, List<String> columns) {
		String list = columnList(columns);
		return target.jdbc().update("insert into " + target.qualified(table) + " (" + list + ") select " + list
				+ " from " + source.qualified(table) + " where " + identifier(this.tenantColumn) + " = ?",
				tenant.value());
	}

	/** Reads the rows' values as text from the source and inserts them into the target, cast to its types. */
	private long transfer(TenantId tenant, Place source, Place target, String table, List<String> columns) {
		Map<String, String> types = PlaceTables.columnTypes(target, table);
		List<String> values = columns.stream().map((column) -> "?::" + types.get(column)).toList();
		String insert = "insert into " + target.qualified(table) + " (" + columnList(columns) + ") values ("
				+ String.join(", ", values) + ")";
		String select = "select " + String.join(", ", columns.stream().map((c) -> identifier(c) + "::text").toList())
				+ " from " + source.qualified(table) + " where " + identifier(this.tenantColumn) + " = ?";
		List<Object[]> batch = new ArrayList<>(BATCH);
		long[] sent = new long[1];
		source.jdbc().query((connection) -> {
			var statement = connection.prepareStatement(select);
			statement.setFetchSize(BATCH);
			statement.setString(1, tenant.value());
			return statement;
		}, (rs) -> {
			Object[] row = new Object[columns.size()];
			for (int i = 0; i < row.length; i++) {
				row[i] = rs.getString(i + 1);
			}
			batch.add(row);
			if (batch.size() == BATCH) {
				sent[0] += flush(target, insert, batch);
			}
		});
		sent[0] += flush(target, insert, batch);
		return sent[0];
	}

	private static long flush(Place target, String insert, List<Object[]> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		target.jdbc().batchUpdate(insert, batch);
		long rows = batch.size();
		batch.clear();
		return rows;
	}

	private long delete(Place place, TenantId tenant, String table) {
		return place.jdbc().update("delete from " + place.qualified(table) + " where " + identifier(this.tenantColumn)
				+ " = ?", tenant.value());
	}

	/**
	 * Locks tables against writes until the transaction ends, in the order of their names, each waiting at most
	 * {@value #LOCK_TIMEOUT}.
	 */
	private static void lock(Place place, Set<String> tables) {
		place.jdbc().queryForObject("select set_config('lock_timeout', ?, true)", String.class, LOCK_TIMEOUT);
		for (String table : new TreeSet<>(tables)) {
			place.jdbc().execute("lock table " + place.qualified(table) + " in share row exclusive mode");
		}
	}

	private void setTenant(Place place, TenantId tenant) {
		place.jdbc().queryForObject("select set_config(?, ?, true)", String.class, this.settingName, tenant.value());
	}

	private static void setTextFormats(Place place) {
		for (String[] setting : TEXT_FORMATS) {
			place.jdbc().queryForObject("select set_config(?, ?, true)", String.class, setting[0], setting[1]);
		}
	}

	private long count(Place place, TenantId tenant, String table) {
		return Objects.requireNonNull(place.jdbc().queryForObject("select count(*) from " + place.qualified(table)
				+ " where " + identifier(this.tenantColumn) + " = ?", Long.class, tenant.value()));
	}

	/** Row count and the sum of a 64-bit hash of each row's text, which does not depend on the rows' order. */
	private List<Object> fingerprint(Place place, TenantId tenant, String table, List<String> columns) {
		String row = "row(" + columnList(columns) + ")::text";
		return place.jdbc().queryForObject("select count(*), coalesce(sum(hashtextextended(" + row
				+ ", 0)::numeric), 0)::text from " + place.qualified(table) + " where " + identifier(this.tenantColumn)
				+ " = ?", (rs, n) -> List.of(rs.getLong(1), rs.getString(2)), tenant.value());
	}

	private static String columnList(List<String> columns) {
		return String.join(", ", columns.stream().map(TenantRowsCopy::identifier).toList());
	}

	/** Quotes a name as PostgreSQL's {@code quote_ident} does when it must: in double quotes, inner ones doubled. */
	static String identifier(String name) {
		return '"' + name.replace("\"", "\"\"") + '"';
	}

	/**
	 * A schema of a database, reached through operations bound to a transaction on that database.
	 *
	 * @param jdbc the operations
	 * @param schema the schema
	 * @param database what the database is, for messages
	 */
	record Place(JdbcOperations jdbc, String schema, String database) {

		String qualified(String table) {
			return identifier(this.schema) + "." + identifier(table);
		}

		@Override
		public String toString() {
			return "schema '" + this.schema + "' of " + this.database;
		}

	}

	/**
	 * What a copy wrote.
	 *
	 * @param rows the rows copied, by table, in the order they were copied (parents first)
	 * @param columns the columns copied, by table
	 * @param fingerprints row count and checksum of the tenant's rows, by table, as copied
	 */
	record Copy(Map<String, Long> rows, Map<String, List<String>> columns, Map<String, List<Object>> fingerprints) {

	}

}
