package dev.tenancy.jpa.hibernate;

import java.util.function.Supplier;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The base of tests of the Hibernate layer's per-tenant caches: row-level security is off (a test-only migration
 * disables it), so the Hibernate layer, and so what it keeps per tenant, is all that keeps tenants apart. Every
 * test starts from {@link TwoTenantsRows}.
 */
@SpringBootTest(classes = LoadPlansTestApplication.class)
@WithTenancyDatabase
@DirtiesContext
@TestPropertySource(properties = {
		"spring.flyway.locations=classpath:db/tenant,classpath:db/rls-off,classpath:db/load-plans",
		"tenancy.rls.guard=WARN" })
abstract class HibernateLayerAlone {

	@Autowired
	EntityManager entityManager;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	TenancyTestDatabase database;

	TwoTenantsRows rows;

	@BeforeEach
	void seedTheRows() {
		this.rows = TwoTenantsRows.seed(this.database);
	}

	SessionFactoryImplementor sessionFactory() {
		return this.entityManagerFactory.unwrap(SessionFactoryImplementor.class);
	}

	/** Runs the work in a transaction with the tenant bound. */
	<T> T asTenant(String tenant, Supplier<T> work) {
		return TenantContext.where(tenant).get(() -> this.tx.execute((status) -> work.get()));
	}

}
