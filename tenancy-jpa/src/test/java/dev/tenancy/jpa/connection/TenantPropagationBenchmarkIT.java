package dev.tenancy.jpa.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What carrying the tenant costs per transaction, for the unit of work of {@link PrimaryKeyReadLoad} (take a
 * connection, one transaction with a one-row primary-key read, return the connection), in TRANSACTION mode:
 * <ul>
 * <li>no propagation: the plain pool, the tenant set once per connection for the session (the floor);</li>
 * <li>a setting of its own: {@code select set_config(...)} before the first statement of each transaction;</li>
 * <li>with the first statement: the setting sent in front of the transaction's first statement.</li>
 * </ul>
 * Same pool size and threads for all three, taking short turns (15 rounds, or
 * {@code -Dtenancy.benchmark.rounds=N}), each round starting with another; then the round trips per
 * transaction of each, counted as Sync messages through {@link ProtocolMessageCounter} on one connection.
 * Reports; asserts nothing about speed.
 * <p>
 * Run: {@code ./mvnw -B -pl tenancy-jpa -am verify -Dtenancy.test.excludedGroups=none -Dgroups=benchmark
 * -Dit.test=TenantPropagationBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class TenantPropagationBenchmarkIT {

	private static final int THREADS = 4;

	private static final int WARMUP = 10_000;

	private static final int MEASURED = 15_000;

	private static final int ROUND_TRIP_SAMPLE = 1_000;

	private static final String NO_PROPAGATION = "no propagation";

	@Test
	void noPropagationVersusASettingOfItsOwnVersusWithTheFirstStatement() throws Exception {
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenantPropagationBenchmarkIT.class)) {
			TenancySchema.migrate(db);
			UUID id = UUID.randomUUID();
			db.executeAsAdmin("insert into projects (tenant_id, id, name) select 't' || (g % 100), "
					+ "gen_random_uuid(), 'p' || g from generate_series(1, 100000) g; "
					+ "insert into projects (tenant_id, id, name) values ('acme', '" + id + "', 'A1'); analyze projects;");
			List<String> lines = new ArrayList<>();
			int rounds = Integer.getInteger("tenancy.benchmark.rounds", 15);
			try (HikariDataSource sessionTenantPool = pool(db.jdbcUrl(), THREADS, true);
					HikariDataSource pool = pool(db.jdbcUrl(), THREADS, false)) {
				List<Map.Entry<String, DataSource>> variants = new ArrayList<>(variants(sessionTenantPool, pool).entrySet());
				for (Map.Entry<String, DataSource> variant : variants) {
					new PrimaryKeyReadLoad(variant.getValue(), id, THREADS).run(WARMUP, () -> "acme");
				}
				Map<String, List<Double>> ratios = new LinkedHashMap<>();
				Map<String, Double> seconds = new LinkedHashMap<>();
				for (int round = 1; round <= rounds; round++) {
					String load = loadAverage();
					Map<String, Double> rates = new LinkedHashMap<>();
					// short turns, each round starting with another variant: the load other processes put on the
					// machine changes by the second, and this spreads it evenly over the variants
					for (int i = 0; i < variants.size(); i++) {
						Map.Entry<String, DataSource> variant = variants.get((round - 1 + i) % variants.size());
						double rate = new PrimaryKeyReadLoad(variant.getValue(), id, THREADS).run(MEASURED, () -> "acme");
						rates.put(variant.getKey(), rate);
						seconds.merge(variant.getKey(), MEASURED / rate, Double::sum);
					}
					StringBuilder line = new StringBuilder(String.format("round %2d:", round));
					for (Map.Entry<String, DataSource> variant : variants) {
						double ratio = rates.get(variant.getKey()) / rates.get(NO_PROPAGATION);
						ratios.computeIfAbsent(variant.getKey(), (key) -> new ArrayList<>()).add(ratio);
						line.append(String.format("  %s %,7.0f tx/s (%.2f)", variant.getKey(), rates.get(variant.getKey()),
								ratio));
					}
					lines.add(line.append("  load average ").append(load).toString());
				}
				lines.add("load average after: " + loadAverage());
				double floor = rounds * MEASURED / seconds.get(NO_PROPAGATION);
				ratios.forEach((variant, values) -> {
					double rate = rounds * MEASURED / seconds.get(variant);
					lines.add(String.format("%-22s %,7.0f tx/s over all rounds (%.2f of no propagation); per round: median "
							+ "%.2f, range %.2f to %.2f", variant, rate, rate / floor, median(values),
							values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
							values.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
				});
				lines.add(String.format("%d rounds of %d transactions per variant, %d threads, pool of %d", rounds, MEASURED,
						THREADS, THREADS));
			}
			try (ProtocolMessageCounter counter = ProtocolMessageCounter.inFrontOf(db);
					HikariDataSource sessionTenantPool = pool(counter.jdbcUrl(""), 1, true);
					HikariDataSource pool = pool(counter.jdbcUrl(""), 1, false)) {
				for (Map.Entry<String, DataSource> variant : variants(sessionTenantPool, pool).entrySet()) {
					PrimaryKeyReadLoad load = new PrimaryKeyReadLoad(variant.getValue(), id, 1);
					load.run(100, () -> "acme");
					counter.reset();
					load.run(ROUND_TRIP_SAMPLE, () -> "acme");
					lines.add(String.format("round trips per transaction %-22s %.2f  (Syncs over %d transactions on one "
							+ "pooled connection)", variant.getKey(), (double) counter.syncs() / ROUND_TRIP_SAMPLE,
							ROUND_TRIP_SAMPLE));
				}
			}
			lines.forEach((line) -> System.out.println("tenant-propagation-benchmark: " + line));
		}
	}

	private static Map<String, DataSource> variants(DataSource sessionTenantPool, DataSource pool) {
		TenantAwareDataSource separate = new TenantAwareDataSource(pool);
		separate.setTenantWithFirstStatement(false);
		TenantAwareDataSource withFirstStatement = new TenantAwareDataSource(pool);
		withFirstStatement.setTenantWithFirstStatement(true);
		Map<String, DataSource> variants = new LinkedHashMap<>();
		variants.put(NO_PROPAGATION, sessionTenantPool);
		variants.put("a setting of its own", separate);
		variants.put("with first statement", withFirstStatement);
		return variants;
	}

	/**
	 * A pool of the restricted role; with {@code sessionTenant}, each connection carries tenant acme for its
	 * whole session from the start, so that reads through the plain pool see acme's row with nothing per
	 * transaction.
	 */
	private static HikariDataSource pool(String url, int size, boolean sessionTenant) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(TenancyTestDatabase.APP_ROLE);
		config.setPassword(TenancyTestDatabase.PASSWORD);
		config.setMaximumPoolSize(size);
		if (sessionTenant) {
			config.setConnectionInitSql("select set_config('app.tenant_id', 'acme', false)");
		}
		return new HikariDataSource(config);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

}
