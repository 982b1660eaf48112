package dev.tenancy.jpa.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.TenantId;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.tenancy.jpa.routing.PlacementFixtures.execute;
import static dev.tenancy.jpa.routing.PlacementFixtures.queryString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant databases made on a real server as an owner role with {@code CREATEDB} only: under a pending name first,
 * so that an attempt stopped half way never leaves an unmarked database under the tenant's name, and one at a time.
 */
class ServerDatabasesIT {

	static final String CREATOR = "tenancy_test_creator";

	static TenancyTestServer server;

	final String database = PlacementFixtures.uniquePrefix("sd_it") + "acme";

	ServerDatabases databases;

	@BeforeAll
	static void creator() throws Exception {
		server = TenancyTestServer.first();
		try (Connection admin = server.adminConnection("postgres")) {
			execute(admin, "DO $$ BEGIN CREATE ROLE " + CREATOR + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '"
					+ TenancyTestDatabase.PASSWORD + "'; EXCEPTION WHEN duplicate_object OR unique_violation THEN "
					+ "NULL; END $$");
			execute(admin, "ALTER ROLE " + CREATOR + " CREATEDB");
		}
	}

	@AfterEach
	void dropDatabases() {
		server.dropDatabases(List.of(this.database, ServerDatabases.pendingName(this.database)));
	}

	ServerDatabasesIT() {
		DatabaseServer primary = new DatabaseServer("primary", server.jdbcUrlTemplate(),
				TenancyTestDatabase.APP_ROLE, TenancyTestDatabase.PASSWORD, CREATOR, TenancyTestDatabase.PASSWORD)
			.withDatabaseCreation("postgres");
		this.databases = new ServerDatabases(primary, new DriverManagerDataSource(primary.jdbcUrl("postgres"),
				CREATOR, TenancyTestDatabase.PASSWORD));
	}

	@Test
	void anAttemptStoppedHalfWayLeavesAPendingDatabaseThatTheNextAttemptMakesAgain() throws Exception {
		String pending = ServerDatabases.pendingName(this.database);
		assertThat(pending).matches("tenancy_pending_[0-9a-f]{16}");
		try (Connection creator = DriverManager.getConnection(server.jdbcUrl("postgres"), CREATOR,
				TenancyTestDatabase.PASSWORD)) {
			// what an attempt stopped right after CREATE DATABASE leaves: no mark, PUBLIC may connect
			execute(creator, "CREATE DATABASE " + pending);
		}

		assertThat(this.databases.create(TenantId.of("acme"), this.database)).isTrue();

		try (Connection admin = server.adminConnection("postgres")) {
			assertThat(queryString(admin, "select count(*) from pg_database where datname = '" + pending + "'"))
				.isEqualTo("0");
			assertThat(queryString(admin, "select shobj_description(oid, 'pg_database') || ' ' || "
					+ "has_database_privilege('" + TenancyTestDatabase.OWNER_ROLE + "', oid, 'CONNECT') from "
					+ "pg_database where datname = '" + this.database + "'"))
				.isEqualTo("dev.tenancy: database of tenant acme false");
		}
	}

	@Test
	void instancesCreatingTheSameDatabaseAtOnceTakeTurns() throws Exception {
		int instances = 4;
		ExecutorService executor = Executors.newFixedThreadPool(instances);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		try {
			for (int i = 0; i < instances; i++) {
				Callable<Boolean> create = () -> {
					start.await();
					return this.databases.create(TenantId.of("acme"), this.database);
				};
				results.add(executor.submit(create));
			}
			start.countDown();
			List<Boolean> created = new ArrayList<>();
			for (Future<Boolean> result : results) {
				created.add(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(created).containsOnlyOnce(true).hasSize(instances);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
