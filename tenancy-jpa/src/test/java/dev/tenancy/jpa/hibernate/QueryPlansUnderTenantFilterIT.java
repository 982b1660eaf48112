package dev.tenancy.jpa.hibernate;

import java.util.List;
import java.util.function.Supplier;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.it.IsolationTestApplication;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what the docs say of Hibernate (7.4): it does not keep a JPQL query's plan while a filter is enabled, and
 * the @TenantId filter is enabled in every tenant's session, so with the Hibernate layer on Hibernate translates
 * every query on every execution (the library keeps the first step's SQL trees per tenant instead,
 * {@link TenantQueryTranslationsIT}); with it off (row-level security alone) Hibernate keeps the plan. Two tenants
 * run the same query in turn in both. If a Hibernate upgrade starts keeping plans under filters, the first test
 * fails: update docs/row-level-security.md ("Queries are translated on every call") and docs/benchmarks.md, and
 * run the isolation suites with row-level security off to see that the kept plans serve each tenant only its rows.
 */
class QueryPlansUnderTenantFilterIT {

	private static final String QUERY = "select p.name from Project p where p.name like :prefix order by p.name";

	@Nested
	@TestPropertySource(properties = "tenancy.jpa.discriminator-enabled=true")
	class HibernateLayerOn extends QueryPlans {

		@Test
		void everyExecutionTranslatesTheQueryAgainAndKeepsNoPlan() {
			int before = cachedPlans();

			runTheQueryAsEachTenantInTurn();

			assertThat(cachedPlans()).as("query plans Hibernate keeps while the @TenantId filter is enabled")
				.isEqualTo(before);
		}

		@Test
		void theLibraryStandsInForHibernatesJdbcEnvironmentToKeepTheSqlOfItsTrees() {
			assertThat(jdbcEnvironment()).isInstanceOf(KeptSqlEnvironment.class);
		}

	}

	@Nested
	@TestPropertySource(properties = "tenancy.jpa.discriminator-enabled=false")
	class HibernateLayerOff extends QueryPlans {

		@Test
		void theQueryIsTranslatedOnceAndItsPlanKept() {
			int before = cachedPlans();

			runTheQueryAsEachTenantInTurn();

			assertThat(cachedPlans()).as("query plans Hibernate keeps without a filter").isEqualTo(before + 1);
		}

		@Test
		void hibernatesJdbcEnvironmentIsLeftAsItIs() {
			assertThat(jdbcEnvironment()).isNotInstanceOf(KeptSqlEnvironment.class);
		}

	}

	@SpringBootTest(classes = IsolationTestApplication.class)
	@WithTenancyDatabase
	@DirtiesContext
	abstract static class QueryPlans {

		@Autowired
		EntityManager entityManager;

		@Autowired
		EntityManagerFactory entityManagerFactory;

		@Autowired
		TransactionTemplate tx;

		@Autowired
		TenancyTestDatabase database;

		@BeforeEach
		void seed() {
			new JdbcTemplate(this.database.adminDataSource())
				.execute("delete from tasks; delete from projects; insert into projects (tenant_id, id, name) values "
						+ "('acme', gen_random_uuid(), 'P-acme'), ('globex', gen_random_uuid(), 'P-globex')");
		}

		/** Three rounds of the query as acme, then as globex, each seeing only its own project. */
		void runTheQueryAsEachTenantInTurn() {
			for (int round = 0; round < 3; round++) {
				assertThat(namesAs("acme")).containsExactly("P-acme");
				assertThat(namesAs("globex")).containsExactly("P-globex");
			}
		}

		private List<String> namesAs(String tenant) {
			return asTenant(tenant, () -> this.entityManager.createQuery(QUERY, String.class)
				.setParameter("prefix", "P-%")
				.getResultList());
		}

		JdbcEnvironment jdbcEnvironment() {
			return this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
				.getJdbcServices()
				.getJdbcEnvironment();
		}

		int cachedPlans() {
			QueryInterpretationCache cache = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
				.getQueryEngine()
				.getInterpretationCache();
			return cache.getNumberOfCachedQueryPlans();
		}

		private <T> T asTenant(String tenant, Supplier<T> work) {
			return TenantContext.where(tenant).get(() -> this.tx.execute((status) -> work.get()));
		}

	}

}
