package dev.tenancy.jpa.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.TenantUnavailableException;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tenancy.jpa.routing.PlacementFixtures.server;
import static dev.tenancy.jpa.routing.PlacementFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One DATABASE tenant holds every connection of its pool while more of its callers wait for one: they are
 * told the tenant is unavailable, and meanwhile two other DATABASE tenants (pools of their own) and a SHARED
 * tenant (the shared pool) complete all their work.
 */
class TenantPoolExhaustionIT {

	private static final int POOL_SIZE = 2;

	private static final int TRANSACTIONS = 20;

	private static TenancyTestServer first;

	private static TenancyTestDatabase shared;

	private static String prefix;

	private static Tenant acme;

	private static Tenant initech;

	private static Tenant globex;

	@BeforeAll
	static void createTenantDatabases() {
		first = TenancyTestServer.first();
		prefix = PlacementFixtures.uniquePrefix("exhaust");
		acme = tenant("acme", "primary", prefix + "acme");
		initech = tenant("initech", "primary", prefix + "initech");
		globex = tenant("globex", "primary", prefix + "globex");
		first.createDatabases(List.of(acme.databaseName(), initech.databaseName(), globex.databaseName()));
		for (Tenant tenant : List.of(acme, initech, globex)) {
			first.executeAsAdmin(tenant.databaseName(), "create table marker (tenant text); insert into marker values ('"
					+ tenant.id() + "'); grant select on marker to " + TenancyTestDatabase.APP_ROLE);
		}
		shared = TenancyTestDatabase.create(TenantPoolExhaustionIT.class);
		TenancySchema.migrate(shared);
	}

	@AfterAll
	static void drop() {
		if (first != null) {
			first.dropDatabases(List.of(acme.databaseName(), initech.databaseName(), globex.databaseName()));
		}
		if (shared != null) {
			shared.close();
		}
	}

	@Test
	void tenantHoldingItsWholePoolStarvesNoOtherTenant() throws Exception {
		TenantPoolLimits limits = new TenantPoolLimits(10, 10 * POOL_SIZE, POOL_SIZE, Duration.ofMinutes(10),
				Duration.ofSeconds(1));
		PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(acme, initech, globex,
				new Tenant(TenantId.of("wayne"), "Wayne", TenantStatus.ACTIVE, Placement.SHARED)));
		ExecutorService executor = Executors.newCachedThreadPool();
		CountDownLatch release = new CountDownLatch(1);
		try (PooledTenantDataSources pools = new PooledTenantDataSources(List.of(server("primary", first)), limits);
				HikariDataSource sharedPool = shared.newAppPool(4)) {
			TenantAwareDataSource dataSource = new TenantAwareDataSource(sharedPool, TenantConnectionMode.TRANSACTION,
					TenantAwareDataSource.DEFAULT_SETTING_NAME, () -> catalog, () -> pools);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

			// acme's first callers take both connections of its pool and keep them
			CountDownLatch holding = new CountDownLatch(POOL_SIZE);
			List<Future<?>> holders = new ArrayList<>();
			for (int i = 0; i < POOL_SIZE; i++) {
				holders.add(executor.submit(() -> TenantContext.where("acme").run(() -> tx.executeWithoutResult((status) -> {
					assertThat(jdbc.queryForObject("select tenant from marker", String.class)).isEqualTo("acme");
					holding.countDown();
					await(release);
				}))));
			}
			assertThat(holding.await(60, TimeUnit.SECONDS)).as("acme's pool is fully taken").isTrue();

			// more of acme's callers wait for a connection, and are told acme is unavailable
			List<Future<?>> waiting = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				waiting.add(executor.submit(() -> TenantContext.where("acme")
					.run(() -> tx.executeWithoutResult((status) -> jdbc.queryForObject("select 1", Integer.class)))));
			}
			// meanwhile the other tenants' work all completes
			List<Future<Integer>> others = new ArrayList<>();
			for (String tenant : List.of("initech", "globex", "wayne")) {
				for (int thread = 0; thread < 3; thread++) {
					others.add(executor.submit(() -> {
						for (int i = 0; i < TRANSACTIONS; i++) {
							String seen = TenantContext.where(tenant).get(() -> tx.execute((status) -> tenant.equals("wayne")
									? jdbc.queryForObject("select coalesce(current_setting('app.tenant_id', true), '')", String.class)
									: jdbc.queryForObject("select tenant from marker", String.class)));
							assertThat(seen).isEqualTo(tenant);
						}
						return TRANSACTIONS;
					}));
				}
			}
			for (Future<Integer> result : others) {
				assertThat(result.get(5, TimeUnit.MINUTES)).isEqualTo(TRANSACTIONS);
			}
			for (Future<?> result : waiting) {
				assertThat(failureOf(result)).isInstanceOfSatisfying(TenantUnavailableException.class,
						(ex) -> assertThat(ex).hasMessageContaining("Tenant 'acme'")
							.hasMessageContaining("all " + POOL_SIZE + " connections of its pool are in use"));
			}
			assertThat(holders).as("acme's holders still hold its pool").noneMatch(Future::isDone);

			release.countDown();
			for (Future<?> holder : holders) {
				holder.get(5, TimeUnit.MINUTES);
			}
			String acmeAgain = TenantContext.where("acme")
				.get(() -> tx.execute((status) -> jdbc.queryForObject("select tenant from marker", String.class)));
			assertThat(acmeAgain).as("acme is served again once its connections are back")
				.isEqualTo("acme");
			assertThat(pools.getPeakOpenConnections()).isLessThanOrEqualTo(3 * POOL_SIZE);
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	private static Throwable failureOf(Future<?> result) throws Exception {
		try {
			result.get(5, TimeUnit.MINUTES);
			return null;
		}
		catch (ExecutionException ex) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof TenantUnavailableException) {
					return cause;
				}
			}
			return ex.getCause();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
