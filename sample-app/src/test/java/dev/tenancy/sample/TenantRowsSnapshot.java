package dev.tenancy.sample;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Row counts and checksums of every tenant's rows in every placement, read through superuser connections (which
 * row-level security does not filter), to prove that a request changed nothing.
 * <p>
 * Every schema of every given database that holds a {@code projects} or {@code tasks} table is covered, and rows
 * are grouped by their {@code tenant_id}, so a row that appears under any tenant, in any schema, shows up as a
 * new entry; a changed column of any row changes its group's checksum.
 */
final class TenantRowsSnapshot {

	private static final List<String> TABLES = List.of("projects", "tasks");

	private TenantRowsSnapshot() {
	}

	/**
	 * Takes a snapshot.
	 * @param databases superuser data sources by a label for the report, e.g. {@code initech-db}
	 * @return {@code label:schema.table:tenant} to {@code rows=<count> md5=<checksum of the rows in id order>}
	 */
	static Map<String, String> of(Map<String, DataSource> databases) {
		Map<String, String> snapshot = new TreeMap<>();
		databases.forEach((label, dataSource) -> {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			List<Map<String, Object>> tables = jdbc.queryForList(
					"select table_schema, table_name from information_schema.tables where table_name = any(?)"
							+ " and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2",
					(Object) TABLES.toArray(String[]::new));
			for (Map<String, Object> table : tables) {
				String schema = (String) table.get("table_schema");
				String name = (String) table.get("table_name");
				String qualified = quote(schema) + "." + quote(name);
				jdbc.query("select tenant_id, count(*) as n, md5(string_agg(t::text, ',' order by t.id)) as md5 from "
						+ qualified + " t group by tenant_id", (row) -> {
							snapshot.put(label + ":" + schema + "." + name + ":" + row.getString("tenant_id"),
									"rows=" + row.getLong("n") + " md5=" + row.getString("md5"));
						});
			}
		});
		return snapshot;
	}

	/** Schema and table names come from the catalog, never from a request; quoted all the same. */
	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
