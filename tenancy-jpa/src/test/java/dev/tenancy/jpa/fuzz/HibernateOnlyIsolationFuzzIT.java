package dev.tenancy.jpa.fuzz;

/**
 * Row-level security off (the {@code db/fuzz-rls-off} migration): the Hibernate layer alone must keep apart every
 * path it claims (docs/row-level-security.md); native SQL and {@code JdbcTemplate}, which it does not claim, are
 * left out.
 */
class HibernateOnlyIsolationFuzzIT extends AbstractIsolationFuzzIT {

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.hibernateOnly();
	}

}
