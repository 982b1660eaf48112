package dev.tenancy.jpa.fuzz;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control: both layers off (no {@code @TenantId} filtering, row-level security disabled), every operation of
 * the suite run. The checker must then report leaks, on every path that reads or writes shared tables, or the
 * suite could not fail. Prints {@code isolation-fuzz-control: ...} rather than the suite's summary line, and
 * passes only when leaks were found.
 */
class NoLayersControlIsolationFuzzIT extends AbstractIsolationFuzzIT {

	/** Paths that cross tenants whenever a SHARED tenant uses them with no layer on. */
	private static final List<String> LEAKING_PATHS = List.of("JPQL", "CRITERIA", "DERIVED_QUERY", "PAGING",
			"LAZY_TO_MANY", "NATIVE_SQL", "JDBC_TEMPLATE", "SCHEMA_QUALIFIED_SQL", "BULK_JPQL", "MOVE_TENANT", "ASYNC",
			"PROPAGATING_EXECUTOR", "TASK_DECORATOR", "NO_TENANT");

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.noLayers();
	}

	@Override
	protected void assertResult(FuzzRun.FuzzResult result) {
		assertThat(result.leaks()).as("with both layers off the checker must find leaks").isPositive();
		assertThat(result.leaksByPath()).as("leaks by path, with both layers off")
			.containsKeys(LEAKING_PATHS.toArray(String[]::new));
	}

}
