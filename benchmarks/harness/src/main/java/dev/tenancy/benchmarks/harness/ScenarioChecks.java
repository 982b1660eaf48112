package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Proves, before any load, that a scenario serves what it claims: each tenant reads its own rows, another
 * tenant's id answers 404 where tenants are isolated, a page counts one tenant's rows, a create answers 201 and a
 * request without a token 401. A scenario that fails is not measured: a number for a misconfigured application is
 * worse than none.
 */
final class ScenarioChecks {

	private ScenarioChecks() {
	}

	static String verify(HttpClient client, URI baseUri, Scenario scenario, DataSet data,
			Map<String, List<String>> tokens) throws IOException, InterruptedException {
		List<String> tenants = data.tenants();
		for (String tenant : tenants) {
			String owner = (scenario == Scenario.BASELINE) ? data.baselineTenant() : tenant;
			UUID id = data.projectIds().get(owner).get(0);
			HttpResponse<String> own = send(client, Workloads.get(baseUri, tokens.get(tenant).get(0), id));
			expect(scenario, "GET of " + tenant + "'s own project", own, 200, DataSet.projectName(owner, 0));
		}
		UUID first = data.projectIds().get(tenants.get(0)).get(0);
		HttpResponse<String> cross = send(client, Workloads.get(baseUri, tokens.get(tenants.get(1)).get(0), first));
		int crossStatus = scenario.isolates() ? 404 : 200;
		expect(scenario, "GET of " + tenants.get(0) + "'s project with " + tenants.get(1) + "'s token", cross,
				crossStatus, null);
		HttpResponse<String> page = send(client, Workloads.list(baseUri, tokens.get(tenants.get(1)).get(0)));
		expect(scenario, "GET of a page", page, 200, "\"totalElements\":" + data.projectsPerTenant() + ",");
		HttpResponse<String> created = send(client, Workloads.create(baseUri, tokens.get(tenants.get(0)).get(0)));
		expect(scenario, "POST of a project", created, 201, BenchmarkDatabases.CREATED_NAME);
		HttpResponse<String> anonymous = send(client,
				HttpRequest.newBuilder(baseUri.resolve("/api/projects/" + first)).GET().build());
		expect(scenario, "GET without a token", anonymous, 401, null);
		return "each tenant reads its own project (200); another tenant's project answers " + crossStatus
				+ (scenario.isolates() ? " (isolated)" : " (not isolated: the baseline serves any token)")
				+ "; a page counts " + data.projectsPerTenant() + " rows; POST 201; no token 401";
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request)
			throws IOException, InterruptedException {
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void expect(Scenario scenario, String what, HttpResponse<String> response, int status,
			@Nullable String bodyContains) {
		if (response.statusCode() != status || (bodyContains != null && !response.body().contains(bodyContains))) {
			throw new IllegalStateException("Scenario " + scenario.key() + ": " + what + " answered "
					+ response.statusCode() + " (expected " + status
					+ ((bodyContains != null) ? " with '" + bodyContains + "'" : "") + "): " + response.body());
		}
	}

}
