package dev.tenancy.jpa.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
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

	private static final String TABLES = """
			select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = c.oid and a.attname = ? and a.attnum > 0 and not a.attisdropped
			where n.nspname = ? and c.relkind in ('r', 'p') and not c.relispartition order by c.relname""";

	private static final String UNTENANTED_TABLES = """
			select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = ? and c.relkind in ('r', 'p') and not c.relispartition
			and not exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = ? and a.attnum > 0
			                and not a.attisdropped)
			order by c.relname""";

	private static final String COLUMNS = """
			select a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
			order by a.attnum""";

	/** Columns that draw on a sequence: identity columns and columns whose default calls nextval. */
	private static final String SEQUENCE_COLUMNS = """
			select a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
			where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped
			and (a.attidentity <> '' or pg_get_expr(d.adbin, d.adrelid) like 'nextval(%')""";

	private static final String FOREIGN_KEYS = """
			select child.relname, parent.relname from pg_constraint k
			join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid
			join pg_namespace n on n.oid = child.relnamespace
			where k.contype = 'f' and n.nspname = ? and parent.relnamespace = child.relnamespace
			and child.oid <> parent.oid""";

	/** Tables without the tenant column whose foreign keys reference a table with it: rows no copy can sort. */
	private static final String UNTENANTED_REFERENCES = """
			select child.relname, parent.relname from pg_constraint k
			join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid
			join pg_namespace n on n.oid = child.relnamespace
			where k.contype = 'f' and n.nspname = ? and parent.relnamespace = child.relnamespace
			and exists (select from pg_attribute a where a.attrelid = parent.oid and a.attname = ? and a.attnum > 0
			            and not a.attisdropped)
			and not exists (select from pg_attribute a where a.attrelid = child.oid and a.attname = ? and a.attnum > 0
			                and not a.attisdropped)
			order by 1, 2""";

	/** The types of a table's columns, as SQL. */
	private static final String COLUMN_TYPES = """
			select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute a
			join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped""";

	private final String settingName;

	private final String tenantColumn;

	private final String historyTable;

	TenantRowsCopy(String settingName, String tenantColumn, String historyTable) {
		this.settingName = settingName;
		this.tenantColumn = tenantColumn;
		this.historyTable = historyTable;
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
		Set<String> sourceTables = tables(source);
		// locked before their columns are read: a column added now would be neither copied nor checked
		lock(source, sourceTables);
		if (ownPlace) {
			refuseUntenantedRows(source);
		}
		refuseUntenantedReferences(source);
		Set<String> targetTables = tables(target);
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
			List<String> counted = target.jdbc().queryForList(SEQUENCE_COLUMNS, String.class, target.schema(), table);
			if (!counted.isEmpty()) {
				throw new IllegalStateException("Table '" + table + "' of " + target + " numbers " + counted
						+ " from a sequence, which a copy would leave behind its copied values; use UUIDs for tenant "
						+ "data; nothing was copied");
			}
			List<String> sourceColumns = columns(source, table);
			if (!sameDatabase) {
				refuseLargeObjects(target, table);
			}
			List<String> missing = new ArrayList<>(sourceColumns);
			missing.removeAll(columns(target, table));
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
		List<String> order = parentsFirst(target, columns.keySet());
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
		Set<String> tables = tables(place);
		lock(place, tables);
		List<String> childrenFirst = parentsFirst(place, tables);
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
		Map<String, String> types = new LinkedHashMap<>();
		target.jdbc().query(COLUMN_TYPES, (rs) -> {
			types.put(rs.getString(1), rs.getString(2));
		}, target.schema(), table);
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

	/** Refuses when a table of the tenant's own place without the tenant column holds rows: a move leaves them. */
	private void refuseUntenantedRows(Place place) {
		for (String table : place.jdbc().queryForList(UNTENANTED_TABLES, String.class, place.schema(),
				this.tenantColumn)) {
			if (table.equals(this.historyTable)) {
				continue;
			}
			Boolean rows = place.jdbc().queryForObject("select exists (select from " + place.qualified(table) + ")",
					Boolean.class);
			if (Boolean.TRUE.equals(rows)) {
				throw new IllegalStateException("Table '" + table + "' of " + place + " has no column '"
						+ this.tenantColumn + "' and holds rows, which a move would leave behind; nothing was "
						+ "copied");
			}
		}
	}

	/**
	 * Refuses when a table without the tenant column references a tenant table: its rows would be neither copied
	 * nor told apart by tenant, and deleting the tenant's rows could cascade into them.
	 */
	private void refuseUntenantedReferences(Place place) {
		List<String> references = place.jdbc().query(UNTENANTED_REFERENCES,
				(rs, row) -> rs.getString(1) + " -> " + rs.getString(2), place.schema(), this.tenantColumn,
				this.tenantColumn);
		if (!references.isEmpty()) {
			throw new IllegalStateException("Tables of " + place + " without column '" + this.tenantColumn
					+ "' reference tenant tables " + references + "; their rows cannot be told apart by tenant and "
					+ "would not be moved: give them the tenant column; nothing was copied");
		}
	}

	/** Refuses large objects, whose numbers a copy between databases would carry without the objects. */
	private static void refuseLargeObjects(Place target, String table) {
		List<String> objects = new ArrayList<>();
		target.jdbc().query(COLUMN_TYPES, (rs) -> {
			if (List.of("oid", "lo").contains(rs.getString(2))) {
				objects.add(rs.getString(1));
			}
		}, target.schema(), table);
		if (!objects.isEmpty()) {
			throw new IllegalStateException("Table '" + table + "' of " + target + " holds large objects in " + objects
					+ ", which are not copied between databases; store them as bytea; nothing was copied");
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

	private Set<String> tables(Place place) {
		return new TreeSet<>(place.jdbc().queryForList(TABLES, String.class, this.tenantColumn, place.schema()));
	}

	private static List<String> columns(Place place, String table) {
		return place.jdbc().queryForList(COLUMNS, String.class, place.schema(), table);
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

	/** The tables in an order in which every table comes after the tables its foreign keys reference. */
	private static List<String> parentsFirst(Place place, Set<String> tables) {
		Map<String, Set<String>> parents = new TreeMap<>();
		tables.forEach((table) -> parents.put(table, new TreeSet<>()));
		place.jdbc().query(FOREIGN_KEYS, (rs) -> {
			String child = rs.getString(1);
			String parent = rs.getString(2);
			if (tables.contains(child) && tables.contains(parent)) {
				parents.get(child).add(parent);
			}
		}, place.schema());
		List<String> order = new ArrayList<>();
		Deque<String> ready = new ArrayDeque<>();
		parents.forEach((table, of) -> {
			if (of.isEmpty()) {
				ready.add(table);
			}
		});
		while (!ready.isEmpty()) {
			String table = ready.poll();
			order.add(table);
			parents.forEach((child, of) -> {
				if (of.remove(table) && of.isEmpty()) {
					ready.add(child);
				}
			});
		}
		if (order.size() != tables.size()) {
			List<String> cyclic = new ArrayList<>(tables);
			cyclic.removeAll(order);
			throw new IllegalStateException("The foreign keys of tables " + cyclic + " in schema '" + place.schema()
					+ "' form a cycle, which a copy cannot order; nothing was copied");
		}
		return order;
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
