package dev.tenancy.jpa.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.tenancy.jpa.lifecycle.TenantRowsCopy.Place;

/**
 * What PostgreSQL's catalog says about the tables of a place that a copy needs: which are tenant tables (those with
 * the tenant column), their columns and types, the order their foreign keys ask for, and the tables and columns a
 * copy must refuse. Only reads; names it returns come from the catalog, to be quoted by the caller.
 */
final class PlaceTables {

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

	private final String tenantColumn;

	private final String historyTable;

	PlaceTables(String tenantColumn, String historyTable) {
		this.tenantColumn = tenantColumn;
		this.historyTable = historyTable;
	}

	/** The tenant tables of a place, by name. */
	Set<String> tables(Place place) {
		return new TreeSet<>(place.jdbc().queryForList(TABLES, String.class, this.tenantColumn, place.schema()));
	}

	/** A table's columns that hold values (not generated ones), in their order. */
	static List<String> columns(Place place, String table) {
		return place.jdbc().queryForList(COLUMNS, String.class, place.schema(), table);
	}

	/** A table's columns that draw on a sequence: identity columns, and defaults that call nextval. */
	static List<String> sequenceColumns(Place place, String table) {
		return place.jdbc().queryForList(SEQUENCE_COLUMNS, String.class, place.schema(), table);
	}

	/** A table's columns and their types, as SQL ({@code format_type}). */
	static Map<String, String> columnTypes(Place place, String table) {
		Map<String, String> types = new LinkedHashMap<>();
		place.jdbc().query(COLUMN_TYPES, (rs) -> {
			types.put(rs.getString(1), rs.getString(2));
		}, place.schema(), table);
		return types;
	}

	/** Refuses when a table of the tenant's own place without the tenant column holds rows: a move leaves them. */
	void refuseUntenantedRows(Place place) {
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
	void refuseUntenantedReferences(Place place) {
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
	static void refuseLargeObjects(Place target, String table) {
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

	/** The tables in an order in which every table comes after the tables its foreign keys reference. */
	static List<String> parentsFirst(Place place, Set<String> tables) {
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

}
