package dev.tenancy.jpa.connection;

import java.io.IOException;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.IsolationTestApplication;
import dev.tenancy.jpa.it.Project;
import dev.tenancy.jpa.it.ProjectRepository;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips of Spring Data JPA transactions through the auto-configured data source, counted through a
 * proxy in front of PostgreSQL. Hibernate prepares queries with {@code prepareStatement(sql, TYPE_FORWARD_ONLY,
 * CONCUR_READ_ONLY)} and writes with {@code prepareStatement(sql)}; the tenant travels with the first of
 * either. One connection, not pooled, so that nothing else talks to the server while counting.
 */
@SpringBootTest(classes = { IsolationTestApplication.class, HibernateRoundTripsIT.ThroughCounter.class })
@WithTenancyDatabase
@DirtiesContext
class HibernateRoundTripsIT {

	private static final int TRANSACTIONS = 10;

	@Autowired
	ProjectRepository projects;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	ProtocolMessageCounter counter;

	@Autowired
	TenantAwareDataSource dataSource;

	@AfterEach
	void restoreTheDefault() {
		this.dataSource.setTenantWithFirstStatement(true);
	}

	@Test
	void aFindByIdTakesOneRoundTripLessWithTheTenantOnTheFirstStatement() {
		UUID id = asAcme(() -> this.projects.save(new Project("A1")).getId());
		Supplier<Object> read = () -> this.projects.findById(id).orElseThrow();
		double withFirstStatement = roundTripsPerTransaction(read);
		this.dataSource.setTenantWithFirstStatement(false);
		double ofItsOwn = roundTripsPerTransaction(read);
		assertThat(withFirstStatement).isEqualTo(2.0);
		assertThat(ofItsOwn).isEqualTo(3.0);
	}

	@Test
	void anInsertTakesOneRoundTripLessWithTheTenantOnTheFirstStatement() {
		Supplier<Object> write = () -> this.projects.save(new Project("new"));
		double withFirstStatement = roundTripsPerTransaction(write);
		this.dataSource.setTenantWithFirstStatement(false);
		double ofItsOwn = roundTripsPerTransaction(write);
		assertThat(withFirstStatement).isEqualTo(2.0);
		assertThat(ofItsOwn).isEqualTo(3.0);
	}

	private double roundTripsPerTransaction(Supplier<Object> work) {
		asAcme(work);
		this.counter.reset();
		for (int i = 0; i < TRANSACTIONS; i++) {
			asAcme(work);
		}
		return (double) this.counter.syncs() / TRANSACTIONS;
	}

	private <T> T asAcme(Supplier<T> work) {
		return TenantContext.where("acme").get(() -> this.tx.execute((status) -> work.get()));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ThroughCounter {

		@Bean(destroyMethod = "close")
		ProtocolMessageCounter protocolMessageCounter(TenancyTestDatabase database) throws IOException {
			return ProtocolMessageCounter.inFrontOf(database);
		}

		/** Its connection goes when the counter closes its sockets. */
		@Bean
		DataSource dataSource(ProtocolMessageCounter counter) {
			return new SingleConnectionDataSource(counter.jdbcUrl(""), TenancyTestDatabase.APP_ROLE,
					TenancyTestDatabase.PASSWORD, true);
		}

	}

}
