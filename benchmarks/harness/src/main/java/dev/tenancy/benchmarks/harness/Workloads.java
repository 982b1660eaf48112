package dev.tenancy.benchmarks.harness;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The prepared requests of each workload against one running application: a random tenant, one of its users'
 * tokens and, for reads by id, one of its projects, all drawn from a fixed seed so that every scenario gets the
 * same sequence.
 */
final class Workloads {

	/** The mixed workload's shares, in percent: reads by id, pages, creates. */
	static final int MIX_GET = 70;

	static final int MIX_LIST = 20;

	static final int MIX_CREATE = 10;

	private static final int SIZE = 4_096;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<Call> get;

	private final List<Call> list;

	private final List<Call> create;

	private final List<Call> mixed;

	/**
	 * Prepares the workloads.
	 * @param baseUri the application
	 * @param scenario the scenario; the baseline reads ids of its one tenant whatever the token's tenant
	 * @param data the seeded data
	 * @param tokens each tenant's tokens
	 */
	Workloads(URI baseUri, Scenario scenario, DataSet data, Map<String, List<String>> tokens) {
		Random random = new Random(data.seed());
		List<String> tenants = data.tenants();
		this.get = new ArrayList<>(SIZE);
		this.list = new ArrayList<>(SIZE);
		this.create = new ArrayList<>(SIZE);
		for (int i = 0; i < SIZE; i++) {
			String tenant = tenants.get(random.nextInt(tenants.size()));
			List<String> tenantTokens = tokens.get(tenant);
			String token = tenantTokens.get(random.nextInt(tenantTokens.size()));
			List<UUID> ids = data.projectIds().get((scenario == Scenario.BASELINE) ? data.baselineTenant() : tenant);
			UUID id = ids.get(random.nextInt(ids.size()));
			this.get.add(new Call(Call.Endpoint.GET_PROJECT, get(baseUri, token, id), 200));
			this.list.add(new Call(Call.Endpoint.LIST_PROJECTS, list(baseUri, token), 200));
			this.create.add(new Call(Call.Endpoint.CREATE_PROJECT, create(baseUri, token), 201));
		}
		this.mixed = new ArrayList<>(SIZE);
		for (int i = 0; i < SIZE; i++) {
			int draw = random.nextInt(100);
			List<Call> from = (draw < MIX_GET) ? this.get : (draw < MIX_GET + MIX_LIST) ? this.list : this.create;
			this.mixed.add(from.get(i));
		}
	}

	static HttpRequest get(URI baseUri, String token, UUID id) {
		return authorized(baseUri.resolve("/api/projects/" + id), token).GET().build();
	}

	static HttpRequest list(URI baseUri, String token) {
		return authorized(baseUri.resolve("/api/projects?page=0&size=20"), token).GET().build();
	}

	static HttpRequest create(URI baseUri, String token) {
		return authorized(baseUri.resolve("/api/projects"), token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + BenchmarkDatabases.CREATED_NAME + "\"}"))
			.build();
	}

	private static HttpRequest.Builder authorized(URI uri, String token) {
		return HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json");
	}

	List<Call> get() {
		return this.get;
	}

	List<Call> list() {
		return this.list;
	}

	List<Call> create() {
		return this.create;
	}

	List<Call> mixed() {
		return this.mixed;
	}

}
