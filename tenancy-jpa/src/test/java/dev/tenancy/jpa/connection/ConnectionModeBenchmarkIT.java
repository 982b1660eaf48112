package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.context.TenantContext;
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
						TenantAwareDataSource dataSource = new TenantAwareDataSource(pool, mode, "app.tenant_id");
						run(dataSource, id, WARMUP);
						long started = System.nanoTime();
						run(dataSource, id, MEASURED);
						double seconds = (System.nanoTime() - started) / 1e9;
						lines.add(String.format("round %d %-11s %,8.0f tx/s  (%d transactions, %d threads, pool %d)",
								round + 1, mode, MEASURED / seconds, MEASURED, THREADS, THREADS));
					}
				}
				lines.forEach((line) -> System.out.println("connection-mode-benchmark: " + line));
			}
		}
	}

	private static void run(DataSource dataSource, UUID id, int transactions) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				futures.add(executor.submit(() -> {
					TenantContext.where("acme").run(() -> {
						for (int i = 0; i < transactions / THREADS; i++) {
							readOne(dataSource, id);
						}
					});
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdown();
		}
	}

	private static void readOne(DataSource dataSource, UUID id) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement("select name from projects where id = ?")) {
				select.setObject(1, id);
				try (ResultSet rows = select.executeQuery()) {
					if (!rows.next()) {
						throw new IllegalStateException("row not visible");
					}
				}
			}
			connection.commit();
			connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
