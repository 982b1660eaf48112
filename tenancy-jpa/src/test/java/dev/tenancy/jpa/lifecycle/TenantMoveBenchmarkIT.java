package dev.tenancy.jpa.lifecycle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.jpa.migration.TestTenantDatabases;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a move takes for tenants of growing size, beside another tenant of 100,000 projects in the shared
 * tables: to its own schema, back to the shared tables, to its own database on the same server, and back again.
 * Measured from refusing the tenant to the switch (the part that holds the source's write lock, plus, for a move to
 * SCHEMA or DATABASE, migrating the target), and the deletion of the old rows after it.
 * Drain 0. Each tenant has N projects, N tasks and N/10 labels. Reports; asserts only where the rows end up.
 * <p>
 * Run: {@code ./mvnw -B -pl tenancy-jpa -am verify -Dtenancy.test.excludedGroups=none -Dgroups=benchmark
 * -Dit.test=TenantMoveBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class TenantMoveBenchmarkIT {

	private static final int[] SIZES = { 1_000, 10_000, 100_000 };

	@Test
	void movesOfGrowingTenants() {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenantMoveBenchmarkIT.class);
				TestTenantDatabases databases = new TestTenantDatabases()) {
			TenancySchema.migrate(db);
			JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
			insertRows(admin, "other", 100_000);
			LifecycleParts parts = LifecycleParts.of(db, databases);
			JdbcTenantCatalog catalog = parts.catalog();
			Map<Action, Long> published = new EnumMap<>(Action.class);
			TenantLifecycle lifecycle = parts.lifecycle(
					(event) -> published.put(((TenantLifecycleEvent) event).action(), System.nanoTime()));
			List<String> lines = new ArrayList<>();
			for (int size : SIZES) {
				TenantId id = TenantId.of("move-" + size);
				insertRows(admin, id.value(), size);
				admin.execute("ANALYZE");
				catalog.register(new Tenant(id, id.value(), TenantStatus.ACTIVE, Placement.SHARED), null);
				Tenant ownDatabase = new Tenant(id, id.value(), TenantStatus.ACTIVE, Placement.DATABASE, null, null,
						databases.create("move_" + size));
				for (Tenant to : List.of(new Tenant(id, id.value(), TenantStatus.ACTIVE, Placement.SCHEMA),
						new Tenant(id, id.value(), TenantStatus.ACTIVE, Placement.SHARED), ownDatabase,
						new Tenant(id, id.value(), TenantStatus.ACTIVE, Placement.SHARED))) {
					published.clear();
					long started = System.nanoTime();
					lifecycle.move(to, "benchmark", "measure");
					long ended = System.nanoTime();
					lines.add(String.format("%,7d projects to %-8s: to the switch %,6d ms, old rows deleted %,6d ms, "
							+ "in all %,6d ms", size, to.placement(), millis(published.get(Action.MOVE_STARTED),
									published.get(Action.MOVED)),
							millis(published.get(Action.MOVED), published.get(Action.MOVE_SOURCE_DELETED)),
							millis(started, ended)));
				}
				assertThat(admin.queryForObject("select count(*) from public.projects where tenant_id = ?",
						Long.class, id.value())).isEqualTo(size);
			}
			lines.forEach((line) -> System.out.println("tenant-move-benchmark: " + line));
		}
	}

	private static void insertRows(JdbcTemplate admin, String tenant, int size) {
		admin.update("insert into public.projects (tenant_id, id, name, code) select ?, gen_random_uuid(), "
				+ "'project ' || g, 'P' || g from generate_series(1, ?) g", tenant, size);
		admin.update("insert into public.tasks (tenant_id, id, project_id, title, done) select tenant_id, "
				+ "gen_random_uuid(), id, 'task of ' || name, false from public.projects where tenant_id = ?",
				tenant);
		admin.update("insert into public.labels (tenant_id, id, name) select ?, gen_random_uuid(), 'label ' || g "
				+ "from generate_series(1, ?) g", tenant, size / 10);
	}

	private static long millis(Long from, Long to) {
		return (from == null || to == null) ? -1 : (to - from) / 1_000_000;
	}

}
