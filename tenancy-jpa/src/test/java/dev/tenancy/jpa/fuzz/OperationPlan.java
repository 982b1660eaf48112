package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The whole run's operations, drawn up front from the seed: one list per worker, so that the sequence each worker
 * runs (and each tenant's history) is the same on every run with the same seed, however the workers interleave.
 * <p>
 * Tenants are split between workers by position; each tenant is used by one worker only, and operations aim at
 * other tenants of the same worker, so every choice that depends on a tenant's rows is replayable.
 */
final class OperationPlan {

	private final List<List<Operation>> workers;

	private final Set<OperationKind> kinds;

	private OperationPlan(List<List<Operation>> workers, Set<OperationKind> kinds) {
		this.workers = workers;
		this.kinds = kinds;
	}

	/**
	 * Draws the operations.
	 * @param settings seed, size and workers
	 * @param variant decides which kinds run
	 * @param tenants the tenant ids, in an order that mixes placements
	 * @return the plan
	 */
	static OperationPlan draw(FuzzSettings settings, FuzzVariant variant, List<String> tenants) {
		int workerCount = Math.max(1, Math.min(settings.workers(), tenants.size() / 2));
		List<OperationKind> kinds = new ArrayList<>();
		for (OperationKind kind : OperationKind.values()) {
			if (variant.covers(kind.coverage())) {
				kinds.add(kind);
			}
		}
		int[] weights = kinds.stream().mapToInt((kind) -> weight(kind, variant)).toArray();
		int total = 0;
		for (int weight : weights) {
			total += weight;
		}
		SplittableRandom root = new SplittableRandom(settings.seed());
		List<List<Operation>> workers = new ArrayList<>();
		for (int worker = 0; worker < workerCount; worker++) {
			List<String> group = new ArrayList<>();
			for (int i = worker; i < tenants.size(); i += workerCount) {
				group.add(tenants.get(i));
			}
			SplittableRandom random = root.split();
			int count = settings.operations() / workerCount + ((worker < settings.operations() % workerCount) ? 1 : 0);
			List<Operation> operations = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				OperationKind kind = kinds.get(pick(random.nextInt(total), weights));
				int self = random.nextInt(group.size());
				int other = (self + 1 + random.nextInt(group.size() - 1)) % group.size();
				operations.add(new Operation(i * workerCount + worker, worker, kind,
						kind.withoutTenant() ? null : group.get(self), group.get(other), random.nextLong(),
						random.nextLong(), random.nextLong()));
			}
			workers.add(List.copyOf(operations));
		}
		return new OperationPlan(List.copyOf(workers), kinds.isEmpty() ? Set.of() : EnumSet.copyOf(kinds));
	}

	private static int weight(OperationKind kind, FuzzVariant variant) {
		// on a pool of one connection, make tenants and work with no tenant alternate often
		return (variant.poolOfOne() && kind.withoutTenant()) ? kind.weight() * 4 : kind.weight();
	}

	private static int pick(int draw, int[] weights) {
		int remaining = draw;
		for (int i = 0; i < weights.length; i++) {
			remaining -= weights[i];
			if (remaining < 0) {
				return i;
			}
		}
		throw new IllegalStateException("draw beyond the weights");
	}

	List<List<Operation>> workers() {
		return this.workers;
	}

	Set<OperationKind> kinds() {
		return this.kinds;
	}

	int size() {
		return this.workers.stream().mapToInt(List::size).sum();
	}

}
