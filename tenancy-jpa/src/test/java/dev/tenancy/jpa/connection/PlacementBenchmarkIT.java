package dev.tenancy.jpa.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtenancy.benchmark.schemas=1000}
 */
@Tag("benchmark")
class PlacementBenchmarkIT {

	private static final int THREADS = 4;

	private static final int MEASURED = 40_000;

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
			List<Tenant> all = new ArrayList<>();
			for (int i = 1; i <= tenants; i++) {
				all.add(new Tenant(TenantId.of("s" + i), "s" + i, TenantStatus.ACTIVE, Placement.SHARED));
				all.add(new Tenant(TenantId.of("c" + i), "c" + i, TenantStatus.ACTIVE, Placement.SCHEMA));
			}
			PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(all);
			try (HikariDataSource pool = db.newAppPool(THREADS)) {
				TenantAwareDataSource routing = new TenantAwareDataSource(pool, TenantConnectionMode.TRANSACTION,
						"app.tenant_id", () -> catalog, () -> null);
				routing.setPerSchemaStatements(Boolean.getBoolean("tenancy.benchmark.per-schema-statements"));
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
				lines.forEach((line) -> System.out.println("placement-benchmark: " + line));
			}
		}
	}

}
