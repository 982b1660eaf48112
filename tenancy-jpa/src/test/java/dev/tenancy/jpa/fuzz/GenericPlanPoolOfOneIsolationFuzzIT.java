package dev.tenancy.jpa.fuzz;

/**
 * Both layers, with {@code plan_cache_mode=force_generic_plan} and server-side prepared statements from the first
 * execution on every runtime connection, and every pool holding one connection: tenants and work with no tenant
 * take turns on the same connection. One worker.
 */
class GenericPlanPoolOfOneIsolationFuzzIT extends AbstractIsolationFuzzIT {

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.genericPlansOnPoolOfOne();
	}

}
