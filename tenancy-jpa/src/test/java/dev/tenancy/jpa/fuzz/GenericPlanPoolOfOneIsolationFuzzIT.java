package dev.tenancy.jpa.fuzz;

/**
 * Both layers, with plan_cache_mode=force_generic_plan and server-side prepared statements from the first execution on every runtime connection, and every pool of one connection: tenants and work with no tenant take turns on the same connection, one worker.
 */
class GenericPlanPoolOfOneIsolationFuzzIT extends AbstractIsolationFuzzIT {

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.genericPlansOnPoolOfOne();
	}

}
