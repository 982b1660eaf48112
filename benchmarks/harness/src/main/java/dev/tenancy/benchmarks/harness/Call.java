package dev.tenancy.benchmarks.harness;

import java.net.http.HttpRequest;

/**
 * One prepared request of a workload, and the status that counts it as a success.
 *
 * @param endpoint which endpoint it calls, as reported
 * @param request the request, immutable and reused
 * @param expectedStatus the status of a successful response
 */
record Call(Endpoint endpoint, HttpRequest request, int expectedStatus) {

	/**
	 * The endpoints under load.
	 */
	enum Endpoint {

		GET_PROJECT("get_project", "GET /api/projects/{id}"),

		LIST_PROJECTS("list_projects", "GET /api/projects?page=0&size=20"),

		CREATE_PROJECT("create_project", "POST /api/projects");

		private final String key;

		private final String label;

		Endpoint(String key, String label) {
			this.key = key;
			this.label = label;
		}

		String key() {
			return this.key;
		}

		String label() {
			return this.label;
		}

	}

}
