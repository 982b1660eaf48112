package dev.tenancy.benchmarks.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The rows every scenario is seeded with, derived from a fixed seed: the same tenants, ids and names in every
 * scenario and every run of a profile.
 *
 * @param seed the seed the ids come from
 * @param projectIds each tenant's project ids, in tenant order
 */
record DataSet(long seed, Map<String, List<UUID>> projectIds) {

	static final long SEED = 20_240_601L;

	static DataSet generate(RunProfile profile) {
		Random random = new Random(SEED);
		Map<String, List<UUID>> ids = new LinkedHashMap<>();
		for (String tenant : profile.tenantIds()) {
			List<UUID> tenantIds = new ArrayList<>(profile.projectsPerTenant());
			for (int i = 0; i < profile.projectsPerTenant(); i++) {
				tenantIds.add(randomUuid(random));
			}
			ids.put(tenant, Collections.unmodifiableList(tenantIds));
		}
		return new DataSet(SEED, Collections.unmodifiableMap(ids));
	}

	/** A version-4 UUID from the seeded generator. */
	private static UUID randomUuid(Random random) {
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(most, least);
	}

	List<String> tenants() {
		return List.copyOf(this.projectIds.keySet());
	}

	/** The tenant whose rows the baseline serves: a single-tenant application holds one tenant's data. */
	String baselineTenant() {
		return tenants().get(0);
	}

	static String projectName(String tenant, int index) {
		return String.format("Project %05d of %s", index, tenant);
	}

	int projectsPerTenant() {
		return this.projectIds.values().iterator().next().size();
	}

}
