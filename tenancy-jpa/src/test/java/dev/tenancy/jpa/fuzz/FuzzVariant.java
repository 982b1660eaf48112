package dev.tenancy.jpa.fuzz;

/**
 * Which layers guard a fuzz run and how its connections are set up.
 * @param name the name printed before the summary line
 * @param rls whether row-level security is on (off: the {@code db/fuzz-rls-off} migration disables it)
 * @param hibernate whether the Hibernate {@code @TenantId} layer filters
 * @param genericPlans whether every runtime connection uses {@code plan_cache_mode=force_generic_plan} and
 * server-side prepared statements from the first execution
 * @param poolOfOne whether the shared pool and every tenant pool hold one connection, so that tenants and work
 * with no tenant take turns on the same connection
 * @param defaultWorkers worker threads unless {@code tenancy.fuzz.workers} says otherwise
 * @param defaultOperations operations unless {@code tenancy.fuzz.operations} says otherwise; the four variants
 * of the normal build add up to 20,000
 */
record FuzzVariant(String name, boolean rls, boolean hibernate, boolean genericPlans, boolean poolOfOne,
		int defaultWorkers, int defaultOperations) {

	static FuzzVariant bothLayers() {
		return new FuzzVariant("both-layers", true, true, false, false, 2, 6_000);
	}

	static FuzzVariant genericPlansOnPoolOfOne() {
		return new FuzzVariant("both-layers-generic-plans-pool-of-one", true, true, true, true, 1, 4_000);
	}

	/**
	 * Both layers, every runtime connection through PgBouncer in transaction pooling mode; on top of the 20,000
	 * operations of the four variants above.
	 */
	static FuzzVariant bothLayersThroughPgBouncer() {
		return new FuzzVariant("both-layers-through-pgbouncer", true, true, false, false, 2, 4_000);
	}

	static FuzzVariant rlsOnly() {
		return new FuzzVariant("rls-only", true, false, false, false, 2, 5_000);
	}

	static FuzzVariant hibernateOnly() {
		return new FuzzVariant("hibernate-only", false, true, false, false, 2, 5_000);
	}

	/** Whether this is the control run with both layers off, where leaks are expected. */
	boolean isControl() {
		return !this.rls && !this.hibernate;
	}

	/**
	 * Both layers off: the control run, which must report leaks on the paths the layers guard. Sized by
	 * {@code tenancy.fuzz.control-operations}, not {@code tenancy.fuzz.operations}, so long runs stay cheap.
	 */
	static FuzzVariant noLayers() {
		// enough that every path the control must see leak does: a leak on LAZY_TO_MANY needs two SHARED tenants of
		// one worker to meet on it, and 1,500 operations left it without one in 1 run of 12 (about 5 leaks a run)
		return new FuzzVariant("no-layers-control", false, false, false, false, 2, 4_500);
	}

	/** The first word of the summary line: the control prints its own, so that leaks it must find stand apart. */
	String summaryPrefix() {
		return isControl() ? "isolation-fuzz-control" : "isolation-fuzz";
	}

	/**
	 * Whether operations of this coverage run in this variant: those that the variant's layers claim to stop, and
	 * every operation in the control run with both layers off, which must then report leaks.
	 */
	boolean covers(OperationKind.Coverage coverage) {
		if (isControl()) {
			return true;
		}
		return switch (coverage) {
			case CONSTRAINTS -> true;
			case EITHER_LAYER -> this.rls || this.hibernate;
			case RLS -> this.rls;
		};
	}

}
