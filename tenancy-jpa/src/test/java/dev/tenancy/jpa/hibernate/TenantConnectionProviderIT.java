package dev.tenancy.jpa.hibernate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantMismatchException;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A session's connection carries the session's tenant, whatever is bound on the thread when Hibernate asks for
 * it, and refuses statements while another tenant is bound; a session with no tenant gets a connection that
 * carries none, and refuses statements while a tenant is bound.
 */
class TenantConnectionProviderIT {

	static TenancyTestDatabase db;

	static HikariDataSource pool;

	static TenantConnectionProvider provider;

	@BeforeAll
	static void createPool() {
		db = TenancyTestDatabase.create(TenantConnectionProviderIT.class);
		pool = db.newAppPool(1);
		provider = new TenantConnectionProvider(new TenantAwareDataSource(pool));
	}

	@AfterAll
	static void drop() {
		pool.close();
		db.close();
	}

	@Test
	void theSessionsTenantIsCarriedWhenItIsTheOneBound() throws Exception {
		assertThat(TenantContext.where("acme").call(() -> tenantCarriedBy(provider.getConnection("acme"))))
			.isEqualTo("acme");
	}

	@Test
	void theSessionsTenantIsCarriedWhenAnotherIsBoundAsTheConnectionIsTaken() throws Exception {
		Connection connection = TenantContext.where("globex").call(() -> provider.getConnection("acme"));
		assertThat(TenantContext.where("acme").call(() -> tenantCarriedBy(connection))).isEqualTo("acme");
	}

	@Test
	void theSessionsConnectionRefusesStatementsWhileAnotherTenantIsBound() throws Exception {
		try (Connection connection = TenantContext.where("acme").call(() -> provider.getConnection("acme"))) {
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("globex").call(() -> connection.prepareStatement("select 1")));
		}
	}

	@Test
	void theSessionsTenantIsCarriedWhenNoneIsBound() throws Exception {
		assertThat(tenantCarriedBy(provider.getConnection("acme"))).isEqualTo("acme");
	}

	@Test
	void aSessionWithNoTenantGetsAConnectionThatCarriesNone() throws Exception {
		assertThat(tenantCarriedBy(TenantContext.where("acme")
			.call(() -> provider.getConnection(TenantContextIdentifierResolver.NO_TENANT)))).isNullOrEmpty();
		assertThat(tenantCarriedBy(TenantContext.where("acme").call(() -> provider.getAnyConnection())))
			.isNullOrEmpty();
	}

	@Test
	void aConnectionWithNoTenantRefusesStatementsWhileATenantIsBound() throws Exception {
		try (Connection session = provider.getConnection(TenantContextIdentifierResolver.NO_TENANT)) {
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("acme").call(() -> session.prepareStatement("select 1")))
				.satisfies((ex) -> assertThat(ex.getConnectionTenant()).isNull());
		}
		try (Connection any = provider.getAnyConnection()) {
			assertThatExceptionOfType(TenantMismatchException.class)
				.isThrownBy(() -> TenantContext.where("acme").call(() -> any.prepareStatement("select 1")));
		}
	}

	/** What the connection's first transaction sees as the tenant setting; closes the connection. */
	private static String tenantCarriedBy(Connection connection) throws SQLException {
		try (connection) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection
				.prepareStatement("select current_setting('app.tenant_id', true)"); ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getString(1);
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		}
	}

}
