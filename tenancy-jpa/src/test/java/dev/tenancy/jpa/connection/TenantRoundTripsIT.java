package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips per transaction, counted as the Sync messages the driver sends through a proxy in front of
 * PostgreSQL, for the unit of work of the benchmarks: one transaction with a one-row primary-key read. One
 * connection, not pooled, so that nothing but the unit of work talks to the server. Every unit also proves
 * that its row was visible, so the tenant was carried.
 */
class TenantRoundTripsIT {

	private static final int TRANSACTIONS = 20;

	private static final UUID ID = UUID.fromString("00000000-0000-7000-8000-000000000001");

	static TenancyTestDatabase db;

	static ProtocolMessageCounter counter;

	static final PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
			new Tenant(TenantId.of("globex"), "Globex", TenantStatus.ACTIVE, Placement.SCHEMA)));

	SingleConnectionDataSource connection;

	@BeforeAll
	static void createTenants() throws Exception {
		db = TenancyTestDatabase.create(TenantRoundTripsIT.class);
		TenancySchema.migrate(db);
		TenancySchema.migrateTenantSchema(db, "t_globex");
		db.executeAsAdmin("insert into public.projects (tenant_id, id, name) values ('acme', '" + ID + "', 'A1')"
				+ "; insert into t_globex.projects (tenant_id, id, name) values ('globex', '" + ID + "', 'G1')");
		counter = ProtocolMessageCounter.inFrontOf(db);
	}

	@AfterAll
	static void drop() throws Exception {
		counter.close();
		db.close();
	}

	@BeforeEach
	void connect() {
		this.connection = new SingleConnectionDataSource(counter.jdbcUrl(""), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD, true);
	}

	@AfterEach
	void disconnect() {
		this.connection.destroy();
	}

	@Test
	void withoutTenantPropagationAReadTakesTwoRoundTrips() throws Exception {
		// the baseline: the tenant set once for the session, nothing per transaction
		try (Connection raw = this.connection.getConnection(); PreparedStatement set = raw
			.prepareStatement("select set_config('app.tenant_id', 'acme', false)")) {
			set.execute();
		}
		assertThat(roundTripsPerTransaction(this.connection, "acme")).isEqualTo(2.0);
	}

	@Test
	void aSettingOfItsOwnTakesThreeRoundTrips() throws Exception {
		assertThat(roundTripsPerTransaction(tenantAware(false), "acme")).isEqualTo(3.0);
		assertThat(roundTripsPerTransaction(tenantAware(false), "globex")).isEqualTo(3.0);
	}

	@Test
	void theSettingWithTheFirstStatementTakesTwoRoundTrips() throws Exception {
		assertThat(roundTripsPerTransaction(tenantAware(true), "acme")).isEqualTo(2.0);
		assertThat(roundTripsPerTransaction(tenantAware(true), "globex")).isEqualTo(2.0);
	}

	@Test
	void beginRidesWithTheFirstStatementEitherWay() throws Exception {
		for (boolean withFirstStatement : new boolean[] { false, true }) {
			roundTripsPerTransaction(tenantAware(withFirstStatement), "acme");
			// pgJDBC sends BEGIN as a simple query in front of the first statement's pipeline, never on its own
			assertThat(counter.count('Q')).as("simple queries").isEqualTo(TRANSACTIONS);
		}
	}

	@Test
	void aStatementReusedInLaterTransactionsCarriesTheTenantEachTime() throws Exception {
		TenantAwareDataSource dataSource = tenantAware(true);
		try (Connection connection = TenantContext.where("acme").call(dataSource::getConnection)) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement("select name from projects where id = ?")) {
				select.setObject(1, ID);
				counter.reset();
				for (int i = 0; i < TRANSACTIONS; i++) {
					try (ResultSet rows = select.executeQuery()) {
						assertThat(rows.next()).as("transaction %d sees its row", i).isTrue();
					}
					if (i % 2 == 0) {
						connection.commit();
					}
					else {
						connection.rollback();
					}
				}
				assertThat(counter.syncs()).isEqualTo(2L * TRANSACTIONS);
			}
			connection.setAutoCommit(true);
		}
	}

	private TenantAwareDataSource tenantAware(boolean withFirstStatement) {
		TenantAwareDataSource dataSource = new TenantAwareDataSource(this.connection, TenantConnectionMode.TRANSACTION,
				"app.tenant_id", () -> catalog, () -> null);
		dataSource.setTenantWithFirstStatement(withFirstStatement);
		return dataSource;
	}

	/** Runs the units of work after a warm-up and returns the Syncs sent per unit. */
	static double roundTripsPerTransaction(DataSource dataSource, String tenant) throws Exception {
		PrimaryKeyReadLoad load = new PrimaryKeyReadLoad(dataSource, ID, 1);
		load.run(5, () -> tenant);
		counter.reset();
		load.run(TRANSACTIONS, () -> tenant);
		return (double) counter.syncs() / TRANSACTIONS;
	}

}
