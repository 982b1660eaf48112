package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One-row primary-key reads per transaction, tenants chosen at random per transaction: SHARED tenants in one
 * table versus SCHEMA tenants each in their own schema (search_path set per transaction). Reports; asserts
 * nothing about speed.
 * <p>
 * Run: {@code ./mvnw -B -pl tenancy-jpa -am verify -Dtenancy.test.excludedGroups=none -Dgroups=benchmark
 * -Dit.test=PlacementBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtenancy.benchmark.schemas=1000}; options:
 * {@code -Dtenancy.benchmark.per-schema-statements=true}, {@code -Dtenancy.benchmark.schema-pools=4} (SCHEMA
 * tenants on 4 pools of their own, one connection each), {@code -Dtenancy.benchmark.max-schemas-per-connection=N},
 * {@code -Dtenancy.benchmark.jdbc-options=preparedStatementCacheQueries=2048}.
 */
@Tag("benchmark")
class PlacementBenchmarkIT {

	private static final int THREADS = 4;

	private static final int MEASURED = 40_000;

	/**
	 * The restricted role's pool, with driver options from {@code tenancy.benchmark.jdbc-options} (for example
	 * {@code preparedStatementCacheQueries=4096&preparedStatementCacheSizeMiB=64}).
	 */
	private static HikariDataSource appPool(TenancyTestDatabase db, int size) {
		HikariConfig config = new HikariConfig();
		String options = System.getProperty("tenancy.benchmark.jdbc-options", "");
		String url = db.jdbcUrl();
		config.setJdbcUrl(options.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + options);
		config.setUsername(TenancyTestDatabase.APP_ROLE);
		config.setPassword(TenancyTestDatabase.PASSWORD);
		config.setMaximumPoolSize(size);
		return new HikariDataSource(config);
	}

	/**
	 * Memory of the pool's backends after the rounds: all of it, and the part held by cached plans and the
	 * catalog caches (each backend's own view, read by holding every connection of the pool at once).
	 */
	private static String backendMemory(HikariDataSource pool, int connections) throws SQLException {
		List<Connection> held = new ArrayList<>();
		StringBuilder line = new StringBuilder("backends after the rounds (MB: total / plans / catalog caches):");
		try {
			for (int i = 0; i < connections; i++) {
				Connection connection = pool.getConnection();
				held.add(connection);
				try (Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("select sum(total_bytes), "
								+ "sum(total_bytes) filter (where name in ('CachedPlan', 'CachedPlanSource', 'CachedPlanQuery')), "
								+ "sum(total_bytes) filter (where name in ('CacheMemoryContext', 'catalog tuple')"
								+ " or (parent = 'CacheMemoryContext' and name not like 'CachedPlan%')) "
								+ "from pg_backend_memory_contexts")) {
					rows.next();
					line.append(String.format(" [%.1f / %.1f / %.1f]", rows.getLong(1) / 1e6, rows.getLong(2) / 1e6,
							rows.getLong(3) / 1e6));
				}
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		return line.toString();
	}

	@Test
	void sharedVersusSchemaReads() throws Exception {
		int tenants = Integer.getInteger("tenancy.benchmark.schemas", 1000);
		try (TenancyTestDatabase db = TenancyTestDatabase.create(PlacementBenchmarkIT.class)) {
			TenancySchema.migrate(db);
			UUID id = UUID.fromString("00000000-0000-7000-8000-000000000001");
			db.executeAsAdmin("insert into projects (tenant_id, id, name) select 's' || g, '" + id
					+ "', 'p' from generate_series(1, " + tenants + ") g; analyze projects;");
			db.executeAsAdmin("do $$ begin for i in 1.." + tenants + " loop "
					+ "execute format('create schema t_c%s authorization " + TenancyTestDatabase.OWNER_ROLE + "', i); "
					+ "execute format('create table t_c%s.projects (tenant_id text not null, id uuid not null, name text not null, primary key (tenant_id, id))', i); "
					+ "execute format('insert into t_c%s.projects values (''c%s'', ''" + id + "'', ''p'')', i, i); "
					+ "execute format('alter table t_c%s.projects owner to " + TenancyTestDatabase.OWNER_ROLE + "', i); "
					+ "perform tenancy.enable_tenant_isolation(format('t_c%s.projects', i)::regclass); "
					+ "execute format('grant usage on schema t_c%s to " + TenancyTestDatabase.APP_ROLE + "', i); "
					+ "execute format('grant select on t_c%s.projects to " + TenancyTestDatabase.APP_ROLE + "', i); "
					+ "end loop; end $$");
			// lets the restricted role read its own backend's memory contexts, in this throwaway database only
			db.executeAsAdmin("grant select on pg_backend_memory_contexts to " + TenancyTestDatabase.APP_ROLE
					+ "; grant execute on function pg_get_backend_memory_contexts() to " + TenancyTestDatabase.APP_ROLE);
			List<Tenant> all = new ArrayList<>();
			for (int i = 1; i <= tenants; i++) {
				all.add(new Tenant(TenantId.of("s" + i), "s" + i, TenantStatus.ACTIVE, Placement.SHARED));
				all.add(new Tenant(TenantId.of("c" + i), "c" + i, TenantStatus.ACTIVE, Placement.SCHEMA));
			}
			PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(all);
			// tenancy.benchmark.schema-pools=N: SCHEMA tenants on N pools of their own, sharing the same connections
			int schemaPoolCount = Integer.getInteger("tenancy.benchmark.schema-pools", 0);
			List<HikariDataSource> schemaPools = new ArrayList<>();
			for (int i = 0; i < schemaPoolCount; i++) {
				schemaPools.add(appPool(db, Math.max(1, THREADS / schemaPoolCount)));
			}
			try (HikariDataSource pool = appPool(db, THREADS)) {
				TenantAwareDataSource routing = new TenantAwareDataSource(pool, TenantConnectionMode.TRANSACTION,
						"app.tenant_id", () -> catalog, () -> null);
				routing.setPerSchemaStatements(Boolean.getBoolean("tenancy.benchmark.per-schema-statements"));
				routing.setSchemaPools(schemaPools);
				routing.setMaxSchemasPerConnection(Integer.getInteger("tenancy.benchmark.max-schemas-per-connection",
						TenantAwareDataSource.DEFAULT_MAX_SCHEMAS_PER_CONNECTION));
				List<String> lines = new ArrayList<>();
				for (int round = 1; round <= 3; round++) {
					for (String prefix : List.of("s", "c")) {
						double rate = new PrimaryKeyReadLoad(routing, id, THREADS).run(MEASURED,
								() -> prefix + (1 + ThreadLocalRandom.current().nextInt(tenants)));
						lines.add(String.format("round %d %-6s %,8.0f tx/s (%d tenants, %d transactions, %d threads)", round,
								prefix.equals("s") ? "SHARED" : "SCHEMA", rate, tenants, MEASURED, THREADS));
					}
				}
				lines.add("shared pool " + backendMemory(pool, THREADS));
				for (HikariDataSource schemaPool : schemaPools) {
					lines.add("schema pool " + backendMemory(schemaPool, schemaPool.getMaximumPoolSize()));
				}
				lines.forEach((line) -> System.out.println("placement-benchmark: " + line));
			}
			finally {
				schemaPools.forEach(HikariDataSource::close);
			}
		}
	}

}
