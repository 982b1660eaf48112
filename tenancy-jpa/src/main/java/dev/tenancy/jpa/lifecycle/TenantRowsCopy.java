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
 * Copies one tenant's rows from the tenant tables of one schema to those of another in the same database, verifies
 * the copy, and deletes the source rows once told to; or deletes all the tenant's rows of a schema. Runs inside the caller's transaction, as a role under which
 * row-level security lets the tenant's rows through once the tenant setting is set.
 * <p>
 * Tenant tables are those with the tenant column. A table of the source that holds rows of the tenant but has no
 * counterpart in the target, or whose columns the target lacks, stops the copy before anything is written: no
 * row is left behind. So does a target table that numbers rows from a sequence (identity or {@code serial}),
 * whose sequence the copy would leave behind the values it copies. The source tables are locked against writes
 * ({@code SHARE ROW EXCLUSIVE}) until the transaction ends, rows are inserted parents first (by the target's
 * foreign keys), and each table's copy is compared with its source by row count and by a checksum over every
 * column. The tenant id is only ever a bound
 * parameter; schema, table and column names come from the catalog and are quoted.
 */
final class TenantRowsCopy {

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

	private final JdbcOperations jdbc;

	private final String settingName;

	private final String tenantColumn;

	private final String historyTable;

	TenantRowsCopy(JdbcOperations jdbc, String settingName, String tenantColumn, String historyTable) {
		this.jdbc = jdbc;
		this.settingName = settingName;
		this.tenantColumn = tenantColumn;
		this.historyTable = historyTable;
	}

	/**
	 * Copies and verifies the tenant's rows.
	 * @param tenant the tenant
	 * @param source the schema the rows are copied from
	 * @param target the schema they are copied to
	 * @param ownSchema whether {@code source} is the tenant's own schema, where a table without the tenant column
	 * that holds rows would be left behind, and is therefore refused
	 * @return what was copied, to check the source against before deleting it
	 * @throws IllegalStateException if a table cannot be copied, the target already holds rows of the tenant, or
	 * the copy differs from its source; the caller's transaction must then be rolled back
	 */
	Copy copy(TenantId tenant, String source, String target, boolean ownSchema) {
		setTenant(tenant);
		Set<String> sourceTables = tables(source);
		// locked before their columns are read: a column added now would be neither copied nor checked
		lock(source, sourceTables);
		if (ownSchema) {
			refuseUntenantedRows(source);
		}
		Set<String> targetTables = tables(target);
		Map<String, List<String>> columns = new TreeMap<>();
		for (String table : sourceTables) {
			List<String> sourceColumns = columns(source, table);
			if (!targetTables.contains(table)) {
				long rows = count(tenant, source, table);
				if (rows > 0) {
					throw new IllegalStateException("Table '" + table + "' holds " + rows + " rows of tenant '"
							+ tenant + "' in schema '" + source + "', but schema '" + target
							+ "' has no such table; nothing was copied");
				}
				continue;
			}
			List<String> counted = this.jdbc.queryForList(SEQUENCE_COLUMNS, String.class, target, table);
			if (!counted.isEmpty()) {
				throw new IllegalStateException("Table '" + table + "' of schema '" + target + "' numbers "
						+ counted + " from a sequence, which a copy would leave behind its copied values; use "
						+ "UUIDs for tenant data; nothing was copied");
			}
			List<String> missing = new ArrayList<>(sourceColumns);
			missing.removeAll(columns(target, table));
			if (!missing.isEmpty()) {
				throw new IllegalStateException("Table '" + table + "' of schema '" + target + "' lacks the columns "
						+ missing + " of schema '" + source + "'; migrate it first; nothing was copied");
			}
			columns.put(table, sourceColumns);
		}
		if (columns.isEmpty()) {
			throw new IllegalStateException("Schemas '" + source + "' and '" + target + "' have no tenant table (a "
					+ "table with column '" + this.tenantColumn + "') in common; nothing was copied");
		}
		List<String> order = parentsFirst(target, columns.keySet());
		for (String table : order) {
			long present = count(tenant, target, table);
			if (present > 0) {
				throw new IllegalStateException("Table '" + table + "' of schema '" + target + "' already holds "
						+ present + " rows of tenant '" + tenant + "'; nothing was copied");
			}
		}
		Map<String, Long> copied = new LinkedHashMap<>();
		Map<String, List<Object>> fingerprints = new LinkedHashMap<>();
		for (String table : order) {
			String list = columnList(columns.get(table));
			long rows = this.jdbc.update("insert into " + qualified(target, table) + " (" + list + ") select " + list
					+ " from " + qualified(source, table) + " where " + identifier(this.tenantColumn) + " = ?",
					tenant.value());
			copied.put(table, rows);
		}
		for (String table : order) {
			List<Object> expected = fingerprint(tenant, source, table, columns.get(table));
			List<Object> found = fingerprint(tenant, target, table, columns.get(table));
			if (!expected.equals(found)) {
				throw new IllegalStateException("The copy of table '" + table + "' differs from its source: "
						+ found + " against " + expected + " (rows, checksum); nothing was copied");
			}
			fingerprints.put(table, expected);
		}
		return new Copy(copied, columns, fingerprints);
	}

	/**
	 * Deletes the tenant's rows from the source tables, children first, if they are still exactly the rows that
	 * were copied: as many, and with the same checksum over every column.
	 * @throws IllegalStateException if a table's rows of the tenant changed since the copy; the caller's
	 * transaction must then be rolled back, which keeps every row
	 */
	void deleteSource(TenantId tenant, String source, Copy copy) {
		setTenant(tenant);
		lock(source, copy.rows().keySet());
		for (String table : copy.rows().keySet()) {
			List<Object> now = fingerprint(tenant, source, table, copy.columns().get(table));
			if (!now.equals(copy.fingerprints().get(table))) {
				throw new IllegalStateException("Table '" + table + "' of schema '" + source + "' holds other rows "
						+ "of tenant '" + tenant + "' than were copied: " + now + " against "
						+ copy.fingerprints().get(table) + " (rows, checksum); they were written there after the "
						+ "copy; none were deleted");
			}
		}
		List<String> childrenFirst = new ArrayList<>(copy.rows().keySet());
		Collections.reverse(childrenFirst);
		for (String table : childrenFirst) {
			this.jdbc.update("delete from " + qualified(source, table) + " where " + identifier(this.tenantColumn)
					+ " = ?", tenant.value());
		}
	}

	/**
	 * Deletes every row of the tenant from the tenant tables of a schema, children first.
	 * @return the rows deleted, by table, in the order they were deleted
	 */
	Map<String, Long> deleteAll(TenantId tenant, String schema) {
		setTenant(tenant);
		Set<String> tables = tables(schema);
		lock(schema, tables);
		List<String> childrenFirst = parentsFirst(schema, tables);
		Collections.reverse(childrenFirst);
		Map<String, Long> deleted = new LinkedHashMap<>();
		for (String table : childrenFirst) {
			deleted.put(table, (long) this.jdbc.update("delete from " + qualified(schema, table) + " where "
					+ identifier(this.tenantColumn) + " = ?", tenant.value()));
		}
		return deleted;
	}

	/** Locks tables against writes until the transaction ends, in the order of their names. */
	private void lock(String schema, Set<String> tables) {
		for (String table : new TreeSet<>(tables)) {
			this.jdbc.execute("lock table " + qualified(schema, table) + " in share row exclusive mode");
		}
	}

	/** Refuses when a table of the tenant's own schema without the tenant column holds rows: a move leaves them. */
	private void refuseUntenantedRows(String schema) {
		for (String table : this.jdbc.queryForList(UNTENANTED_TABLES, String.class, schema, this.tenantColumn)) {
			if (table.equals(this.historyTable)) {
				continue;
			}
			Boolean rows = this.jdbc.queryForObject("select exists (select from " + qualified(schema, table) + ")",
					Boolean.class);
			if (Boolean.TRUE.equals(rows)) {
				throw new IllegalStateException("Table '" + table + "' of schema '" + schema + "' has no column '"
						+ this.tenantColumn + "' and holds rows, which a move would leave behind; nothing was "
						+ "copied");
			}
		}
	}

	private void setTenant(TenantId tenant) {
		this.jdbc.queryForObject("select set_config(?, ?, true)", String.class, this.settingName, tenant.value());
	}

	private Set<String> tables(String schema) {
		return new TreeSet<>(this.jdbc.queryForList(TABLES, String.class, this.tenantColumn, schema));
	}

	private List<String> columns(String schema, String table) {
		return this.jdbc.queryForList(COLUMNS, String.class, schema, table);
	}

	private long count(TenantId tenant, String schema, String table) {
		return Objects.requireNonNull(this.jdbc.queryForObject("select count(*) from " + qualified(schema, table)
				+ " where " + identifier(this.tenantColumn) + " = ?", Long.class, tenant.value()));
	}

	/** Row count and the sum of a 64-bit hash of each row's text, which does not depend on the rows' order. */
	private List<Object> fingerprint(TenantId tenant, String schema, String table, List<String> columns) {
		String row = "row(" + columnList(columns) + ")::text";
		return this.jdbc.queryForObject("select count(*), coalesce(sum(hashtextextended(" + row
				+ ", 0)::numeric), 0)::text from " + qualified(schema, table) + " where "
				+ identifier(this.tenantColumn) + " = ?", (rs, n) -> List.of(rs.getLong(1), rs.getString(2)),
				tenant.value());
	}

	/** The tables in an order in which every table comes after the tables its foreign keys reference. */
	private List<String> parentsFirst(String schema, Set<String> tables) {
		Map<String, Set<String>> parents = new TreeMap<>();
		tables.forEach((table) -> parents.put(table, new TreeSet<>()));
		this.jdbc.query(FOREIGN_KEYS, (rs) -> {
			String child = rs.getString(1);
			String parent = rs.getString(2);
			if (tables.contains(child) && tables.contains(parent)) {
				parents.get(child).add(parent);
			}
		}, schema);
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
			throw new IllegalStateException("The foreign keys of tables " + cyclic + " in schema '" + schema
					+ "' form a cycle, which a copy cannot order; nothing was copied");
		}
		return order;
	}

	private static String columnList(List<String> columns) {
		return String.join(", ", columns.stream().map(TenantRowsCopy::identifier).toList());
	}

	private static String qualified(String schema, String table) {
		return identifier(schema) + "." + identifier(table);
	}

	/** Quotes a name as PostgreSQL's {@code quote_ident} does when it must: in double quotes, inner ones doubled. */
	static String identifier(String name) {
		return '"' + name.replace("\"", "\"\"") + '"';
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
