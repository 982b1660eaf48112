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
 * the copy, and deletes the source rows once told to. Runs inside the caller's transaction, as a role under which
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
			where n.nspname = ? and c.relkind in ('r', 'p') order by c.relname""";

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

	TenantRowsCopy(JdbcOperations jdbc, String settingName, String tenantColumn) {
		this.jdbc = jdbc;
		this.settingName = settingName;
		this.tenantColumn = tenantColumn;
	}

	/**
	 * Copies and verifies the tenant's rows.
	 * @return the rows copied, by table, in the order they were copied
	 * @throws IllegalStateException if a table cannot be copied, the target already holds rows of the tenant, or
	 * the copy differs from its source; the caller's transaction must then be rolled back
	 */
	Map<String, Long> copy(TenantId tenant, String source, String target) {
		setTenant(tenant);
		Set<String> sourceTables = tables(source);
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
		for (String table : columns.keySet()) {
			this.jdbc.execute("lock table " + qualified(source, table) + " in share row exclusive mode");
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
		}
		return copied;
	}

	/**
	 * Deletes the tenant's rows from the source tables, children first, if they are still exactly the rows that
	 * were copied.
	 * @throws IllegalStateException if a table holds another number of rows of the tenant than was copied; the
	 * caller's transaction must then be rolled back, which keeps every row
	 */
	void deleteSource(TenantId tenant, String source, Map<String, Long> copied) {
		setTenant(tenant);
		for (String table : new TreeSet<>(copied.keySet())) {
			this.jdbc.execute("lock table " + qualified(source, table) + " in share row exclusive mode");
		}
		for (Map.Entry<String, Long> table : copied.entrySet()) {
			long now = count(tenant, source, table.getKey());
			if (now != table.getValue()) {
				throw new IllegalStateException("Table '" + table.getKey() + "' of schema '" + source + "' holds "
						+ now + " rows of tenant '" + tenant + "' where " + table.getValue()
						+ " were copied: rows were written there after the move; none were deleted");
			}
		}
		List<String> childrenFirst = new ArrayList<>(copied.keySet());
		Collections.reverse(childrenFirst);
		for (String table : childrenFirst) {
			this.jdbc.update("delete from " + qualified(source, table) + " where " + identifier(this.tenantColumn)
					+ " = ?", tenant.value());
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

}
