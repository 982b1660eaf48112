package dev.tenancy.jpa.fuzz;

/**
 * The Hibernate layer off: row-level security alone must keep every path apart.
 */
class RlsOnlyIsolationFuzzIT extends AbstractIsolationFuzzIT {

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.rlsOnly();
	}

}
