package dev.tenancy.jpa.it;

import org.springframework.test.context.TestPropertySource;

/**
 * Row-level security off (a test-only migration disables it): the Hibernate layer alone must block every path
 * it covers.
 */
@TestPropertySource(properties = { "spring.flyway.locations=classpath:db/tenant,classpath:db/rls-off", "tenancy.rls.guard=WARN" })
class HibernateOnlyIsolationIT extends AbstractIsolationIT {

	HibernateOnlyIsolationIT() {
		super(false, true);
	}

}
