package dev.tenancy.jpa.fuzz;

/**
 * Row-level security off (the db/fuzz-rls-off migration): the Hibernate layer alone must keep apart every path it claims, per docs/row-level-security.md; native SQL and JdbcTemplate are left out.
 */
class HibernateOnlyIsolationFuzzIT extends AbstractIsolationFuzzIT {

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.hibernateOnly();
	}

}
