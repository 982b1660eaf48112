package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan replays: the same seed draws the same operations for each worker, every tenant belongs to one worker,
 * and a variant draws only operations its layers claim to cover.
 */
class OperationPlanTests {

	private static final List<String> TENANTS = List.of("s1", "c1", "d1", "s2", "c2", "d2", "s3", "c3", "d3", "s4");

	@Test
	void theSameSeedDrawsTheSameOperations() {
		FuzzSettings settings = new FuzzSettings(12345L, 1_000, 2, 100);
		assertThat(OperationPlan.draw(settings, FuzzVariant.bothLayers(), TENANTS).workers())
			.isEqualTo(OperationPlan.draw(settings, FuzzVariant.bothLayers(), TENANTS).workers());
	}

	@Test
	void anotherSeedDrawsOtherOperations() {
		assertThat(OperationPlan.draw(new FuzzSettings(1L, 1_000, 2, 100), FuzzVariant.bothLayers(), TENANTS).workers())
			.isNotEqualTo(OperationPlan.draw(new FuzzSettings(2L, 1_000, 2, 100), FuzzVariant.bothLayers(), TENANTS).workers());
	}

	@Test
	void eachTenantIsUsedByOneWorkerAndAimsOnlyAtTenantsOfThatWorker() {
		OperationPlan plan = OperationPlan.draw(new FuzzSettings(7L, 2_001, 2, 100), FuzzVariant.bothLayers(), TENANTS);
		assertThat(plan.size()).isEqualTo(2_001);
		List<Set<String>> groups = new ArrayList<>();
		for (List<Operation> operations : plan.workers()) {
			Set<String> group = new HashSet<>();
			for (Operation op : operations) {
				if (op.tenant() != null) {
					group.add(op.tenant());
					assertThat(op.other()).isNotEqualTo(op.tenant());
				}
				group.add(op.other());
			}
			groups.add(group);
		}
		assertThat(groups.get(0)).doesNotContainAnyElementsOf(groups.get(1));
		assertThat(groups.get(0)).hasSize(5);
	}

	@Test
	void theHibernateOnlyVariantLeavesOutWhatOnlyRowLevelSecurityCovers() {
		OperationPlan plan = OperationPlan.draw(new FuzzSettings(7L, 3_000, 2, 100), FuzzVariant.hibernateOnly(), TENANTS);
		assertThat(plan.kinds()).noneMatch((kind) -> kind.coverage() == OperationKind.Coverage.RLS)
			.contains(OperationKind.JPQL_FILTER, OperationKind.FOREIGN_KEY_SQL, OperationKind.ON_CONFLICT_OWN);
		assertThat(plan.workers().stream().flatMap(List::stream))
			.noneMatch((op) -> op.kind().path() == OperationKind.Path.NATIVE_SQL);
	}

	@Test
	void theControlRunsEverything() {
		assertThat(OperationPlan.draw(new FuzzSettings(7L, 100, 2, 100), FuzzVariant.noLayers(), TENANTS).kinds())
			.containsExactlyInAnyOrder(OperationKind.values());
	}

}
