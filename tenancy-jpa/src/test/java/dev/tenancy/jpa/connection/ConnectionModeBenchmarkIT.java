package dev.tenancy.jpa.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the two connection modes for the typical unit of work: take a connection, run one
 * transaction with a primary-key read, return the connection. Reports; asserts nothing about speed.
 * <p>
 * Run: {@code ./mvnw -B -pl tenancy-jpa -am verify -Dtenancy.test.excludedGroups=none -Dgroups=benchmark
 * -Dit.test=ConnectionModeBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class ConnectionModeBenchmarkIT {

	private static final int THREADS = 4;

	private static final int WARMUP = 5_000;

	private static final int MEASURED = 40_000;

	@Test
	void transactionModeVersusSessionMode() throws Exception {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(ConnectionModeBenchmarkIT.class)) {
			TenancySchema.migrate(db);
			UUID id = UUID.randomUUID();
			db.executeAsAdmin("insert into projects (tenant_id, id, name) select 't' || (g % 100), "
					+ "gen_random_uuid(), 'p' || g from generate_series(1, 100000) g; "
					+ "insert into projects (tenant_id, id, name) values ('acme', '" + id + "', 'A1'); analyze projects;");
			try (HikariDataSource pool = db.newAppPool(THREADS)) {
				List<String> lines = new ArrayList<>();
				for (int round = 0; round < 3; round++) {
					for (TenantConnectionMode mode : TenantConnectionMode.values()) {
						PrimaryKeyReadLoad load = new PrimaryKeyReadLoad(
								new TenantAwareDataSource(pool, mode, "app.tenant_id"), id, THREADS);
						load.run(WARMUP, () -> "acme");
						double rate = load.run(MEASURED, () -> "acme");
						lines.add(String.format("round %d %-11s %,8.0f tx/s  (%d transactions, %d threads, pool %d)",
								round + 1, mode, rate, MEASURED, THREADS, THREADS));
					}
				}
				lines.forEach((line) -> System.out.println("connection-mode-benchmark: " + line));
			}
		}
	}

}
