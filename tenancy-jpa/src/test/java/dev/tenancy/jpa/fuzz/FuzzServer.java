package dev.tenancy.jpa.fuzz;

import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;

/**
 * The two PostgreSQL servers tenants are placed on: the first (the application's own) and the second, which
 * holds some DATABASE tenants when it is reachable.
 */
enum FuzzServer {

	FIRST("primary"), SECOND("second");

	private final String placementName;

	FuzzServer(String placementName) {
		this.placementName = placementName;
	}

	/** The name {@code tenancy.placement.servers.<name>} and the catalog know the server by. */
	String placementName() {
		return this.placementName;
	}

	TenancyTestServer testServer() {
		return (this == FIRST) ? TenancyTestServer.first() : TenancyTestServer.second();
	}

	/** The server's own JDBC URL template, with {@code {database}} and without credentials. */
	String directUrlTemplate() {
		return testServer().jdbcUrlTemplate();
	}

	/** The superuser URL of one database, credentials included, for the privileged view. */
	String superuserUrl(String database) {
		String server = (this == FIRST) ? TenancyTestDatabase.serverUrl() : TenancyTestServer.secondServerUrl();
		int query = server.indexOf('?');
		String base = (query < 0) ? server : server.substring(0, query);
		String parameters = (query < 0) ? "" : server.substring(query);
		return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
	}

}
