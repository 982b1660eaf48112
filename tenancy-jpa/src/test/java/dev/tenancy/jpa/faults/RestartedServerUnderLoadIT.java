package dev.tenancy.jpa.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.it.StartedIsolationApplication;
import dev.tenancy.jpa.it.TenantLoad;
import dev.tenancy.jpa.it.TenantLoad.Outcome;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestDisposableServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's PostgreSQL server restarts ({@code pg_ctl restart -m fast}) while two SHARED and two SCHEMA
 * tenants keep it busy: work fails only while the server is going down and for the first use of each
 * connection the restart killed; the same application, its data source and its pool go on serving every tenant
 * afterwards; each tenant's rows are intact and its own only, as the restricted role sees them; and a connection
 * opened after the restart carries no tenant setting and no tenant schema.
 * <p>
 * In both connection modes. The server is one of this test's own ({@link TenancyTestDisposableServer}), never a shared test server.
 */
class RestartedServerUnderLoadIT {

	private static final Logger logger = LoggerFactory.getLogger(RestartedServerUnderLoadIT.class);

	private static final List<String> TENANTS = List.of("acme", "wayne", "globex", "hooli");

	private static final List<String> SCHEMA_TENANTS = List.of("globex", "hooli");

	private static final int POOL_SIZE = 6;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	static TenancyTestDisposableServer server;

	@BeforeAll
	static void createServer() {
		server = TenancyTestDisposableServer.create();
	}

	@AfterAll
	static void drop() {
		if (server != null) {
			server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(TenantConnectionMode.class)
	void applicationRecoversFromARestartWithEveryTenantsRowsIntactAndNoSettingOnNewConnections(TenantConnectionMode mode)
			throws Exception {
		try (TenancyTestDatabase db = server.server().createTestDatabase(RestartedServerUnderLoadIT.class);
				StartedIsolationApplication app = StartedIsolationApplication.start(db,
						Map.of("tenancy.tenants.wayne.display-name", "Wayne", "tenancy.tenants.globex.placement", "SCHEMA",
								"tenancy.tenants.hooli.placement", "SCHEMA", "spring.datasource.hikari.maximum-pool-size",
								Integer.toString(POOL_SIZE), "tenancy.jpa.connection-mode", mode.name()));
				TenantLoad load = new TenantLoad(TENANTS, 2, "before", app::saveAndReadBack)) {
			for (String tenant : TENANTS) {
				load.awaitSuccesses(tenant, "before", 10, PATIENCE);
			}
			long restarting = System.nanoTime();
			load.phase("restarting");
			server.restart();
			long restarted = System.nanoTime();
			load.phase("after");
			load.awaitOutcomes("20 successes of every tenant after its last failure", PATIENCE,
					(all) -> TENANTS.stream().allMatch((tenant) -> successesAfterLastFailure(all, tenant) >= 20));
			load.close();

			List<Outcome> all = load.outcomes();
			List<Outcome> failedAfter = all.stream().filter((o) -> o.phase().equals("after") && !o.succeeded()).toList();
			logger.info("{} mode: restart took {} ms; failures: {} while restarting {}, {} after {}; {} units of work in all",
					mode, TimeUnit.NANOSECONDS.toMillis(restarted - restarting),
					all.stream().filter((o) -> !o.phase().equals("after") && !o.succeeded()).count(),
					StoppedTenantServerIT.failures(all.stream().filter((o) -> !o.phase().equals("after")).toList()),
					failedAfter.size(), StoppedTenantServerIT.failures(failedAfter), all.size());
			assertThat(all).as("work that ended before the restart began")
				.filteredOn((o) -> o.endedBefore(restarting))
				.isNotEmpty()
				.allMatch(Outcome::succeeded);
			// each connection the restart killed fails the one unit of work that next uses it, then is replaced
			assertThat(failedAfter).as("work started after the server was back that failed").hasSizeLessThanOrEqualTo(POOL_SIZE);
			assertThat(app.violations()).isEmpty();

			Set<String> succeeded = labels(all, true);
			Set<String> failed = labels(all, false);
			JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
			for (String tenant : TENANTS) {
				String table = SCHEMA_TENANTS.contains(tenant) ? "t_" + tenant + ".projects" : "public.projects";
				Set<String> stored = new HashSet<>(
						admin.queryForList("select name from " + table + " where tenant_id = ?", String.class, tenant));
				// every committed row is there; a row whose commit failed may or may not be
				assertThat(stored).as("%s's rows", tenant)
					.containsAll(succeeded.stream().filter((label) -> label.startsWith(tenant + "-")).toList())
					.allMatch((label) -> label.startsWith(tenant + "-")
							&& (succeeded.contains(label) || failed.contains(label)));
				assertThat(new HashSet<>(app.namesSeenBy(tenant))).as("what %s sees after the restart", tenant)
					.isEqualTo(stored);
			}
			assertThat(admin.queryForList("select distinct tenant_id from public.projects order by 1", String.class))
				.containsExactly("acme", "wayne");
			for (String tenant : SCHEMA_TENANTS) {
				assertThat(admin.queryForList("select distinct tenant_id from t_" + tenant + ".projects", String.class))
					.containsExactly(tenant);
			}
			everyPooledConnectionIsNewAndCarriesNoTenant(app.bean(DataSource.class));
		}
	}

	/** Takes every connection of the pool at once, with no tenant bound. */
	private static void everyPooledConnectionIsNewAndCarriesNoTenant(DataSource dataSource) throws Exception {
		assertThat(dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(POOL_SIZE);
		List<Connection> connections = new ArrayList<>();
		try {
			for (int i = 0; i < POOL_SIZE; i++) {
				connections.add(dataSource.getConnection());
			}
			for (Connection connection : connections) {
				try (Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("select coalesce(current_setting('app.tenant_id', true), ''), "
								+ "current_setting('search_path'), (select count(*) from projects), "
								+ "(select backend_start > pg_postmaster_start_time() from pg_stat_activity "
								+ "where pid = pg_backend_pid())")) {
					rows.next();
					assertThat(rows.getString(1)).isEmpty();
					assertThat(rows.getString(2)).isEqualTo("\"$user\", public");
					assertThat(rows.getLong(3)).isZero();
					assertThat(rows.getBoolean(4)).as("opened after the restart").isTrue();
				}
			}
		}
		finally {
			for (Connection connection : connections) {
				connection.close();
			}
		}
	}

	private static long successesAfterLastFailure(List<Outcome> outcomes, String tenant) {
		List<Outcome> own = outcomes.stream().filter((o) -> o.tenant().equals(tenant) && o.phase().equals("after")).toList();
		long lastFailure = own.stream().filter((o) -> !o.succeeded()).mapToLong(Outcome::endedNanos).max().orElse(Long.MIN_VALUE);
		return own.stream().filter((o) -> o.succeeded() && (lastFailure == Long.MIN_VALUE || o.startedNanos() - lastFailure > 0))
			.count();
	}

	private static Set<String> labels(List<Outcome> outcomes, boolean succeeded) {
		Set<String> labels = new HashSet<>();
		for (Outcome outcome : outcomes) {
			if (outcome.succeeded() == succeeded) {
				labels.add(outcome.tenant() + "-" + outcome.phase() + "-" + outcome.sequence());
			}
		}
		return labels;
	}

}
