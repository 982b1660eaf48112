package dev.tenancy.jpa.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.Placement;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolation fuzz suite: many tenants in all three placements (4 SHARED, 3 SCHEMA, 3 DATABASE, two of them on
 * the second server when it is reachable) in one Spring Boot application with the library's auto-configuration,
 * and thousands of random operations over every access path, each checked against a model of what every tenant
 * owns.
 * <p>
 * Every random choice derives from one seed ({@code -Dtenancy.fuzz.seed}, printed at start); the operations are
 * drawn up front per worker, so a failing run replays with the same seed, operation count and workers. A run
 * prints one line {@code isolation-fuzz: operations=N leaks=L seed=S}, preceded by a line naming its variant, and
 * fails when it found any leak or other failure, listing the first ones. Longer runs:
 * {@code -Dtenancy.fuzz.operations=200000}; see {@link FuzzSettings} for the other knobs.
 * <p>
 * Subclasses choose the layers ({@link #variant()}); to run the same suite over another way to the databases (a
 * connection pooler, a proxy), override {@link #runtimeUrlTemplate(FuzzServer)}: it is the one place the
 * runtime role's JDBC URLs come from. Migrations and the privileged checks always connect directly.
 */
abstract class AbstractIsolationFuzzIT {

	private static final String APPLICATION_PROPERTY_PREFIX = "tenancy.fuzz.app.";

	/**
	 * Returns the layers and connection set-up of this run.
	 * @return the variant
	 */
	protected abstract FuzzVariant variant();

	/**
	 * Returns the JDBC URL template, with {@code {database}}, that the application's runtime connections to a
	 * server use: the shared pool, and the pools of DATABASE tenants on that server. Owner connections of
	 * DATABASE tenants' migrations share it (the library takes one URL per server).
	 * @param server the server
	 * @return the template, without credentials
	 */
	protected String runtimeUrlTemplate(FuzzServer server) {
		return server.directUrlTemplate();
	}

	@Test
	void tenantsStayIsolatedUnderRandomOperations() throws Exception {
		FuzzVariant variant = variant();
		FuzzSettings settings = FuzzSettings.of(variant);
		System.out.println("isolation-fuzz-start: variant=" + variant.name() + " seed=" + settings.seed() + " operations="
				+ settings.operations() + " (replay: -Dtenancy.fuzz.seed=" + settings.seed() + " -Dtenancy.fuzz."
				+ (variant.isControl() ? "control-operations=" : "operations=") + settings.operations()
				+ " -Dtenancy.fuzz.workers=" + settings.workers() + ")" + applicationOverrides());
		try (FuzzTopology topology = FuzzTopology.create(getClass(), 2 * settings.workers() + 2);
				FuzzApplication app = FuzzApplication.start(applicationProperties(topology, variant))) {
			FuzzRun.FuzzResult result = new FuzzRun(variant, settings, topology, app).run();
			assertResult(result);
		}
	}

	/**
	 * Fails the test on any leak or other failure.
	 * @param result what the run found
	 */
	protected void assertResult(FuzzRun.FuzzResult result) {
		assertThat(result.leaks()).as("leaks (seed %d):%n%s", FuzzSettings.jvmSeed(), result.report()).isZero();
		assertThat(result.failures()).as("failures (seed %d):%n%s", FuzzSettings.jvmSeed(), result.report()).isZero();
	}

	private Map<String, Object> applicationProperties(FuzzTopology topology, FuzzVariant variant) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String locations = variant.rls() ? "classpath:db/fuzz" : "classpath:db/fuzz,classpath:db/fuzz-rls-off";
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.jpa.open-in-view", "false");
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.datasource.url",
				runtimeUrl(FuzzServer.FIRST, variant).replace("{database}", topology.main().name()));
		properties.put("spring.datasource.username", TenancyTestDatabase.APP_ROLE);
		properties.put("spring.datasource.password", TenancyTestDatabase.PASSWORD);
		properties.put("spring.flyway.url", topology.main().jdbcUrl());
		properties.put("spring.flyway.user", TenancyTestDatabase.OWNER_ROLE);
		properties.put("spring.flyway.password", TenancyTestDatabase.PASSWORD);
		properties.put("spring.flyway.placeholders.appRole", TenancyTestDatabase.APP_ROLE);
		properties.put("spring.flyway.locations", locations);
		properties.put("tenancy.migration.tenant-locations", locations);
		properties.put("tenancy.jpa.discriminator-enabled", Boolean.toString(variant.hibernate()));
		if (!variant.rls()) {
			properties.put("tenancy.rls.guard", "WARN");
		}
		// a loaded build machine must not make a tenant's database look unavailable
		properties.put("tenancy.placement.database.connection-timeout", "30s");
		if (variant.poolOfOne()) {
			properties.put("spring.datasource.hikari.maximum-pool-size", "1");
			properties.put("tenancy.placement.database.max-pool-size", "1");
		}
		for (FuzzServer server : FuzzServer.values()) {
			if (server == FuzzServer.SECOND && !topology.usesSecondServer()) {
				continue;
			}
			String prefix = "tenancy.placement.servers." + server.placementName() + ".";
			properties.put(prefix + "url", runtimeUrl(server, variant));
			properties.put(prefix + "username", TenancyTestDatabase.APP_ROLE);
			properties.put(prefix + "password", TenancyTestDatabase.PASSWORD);
			properties.put(prefix + "owner-username", TenancyTestDatabase.OWNER_ROLE);
			properties.put(prefix + "owner-password", TenancyTestDatabase.PASSWORD);
		}
		for (FuzzTenant tenant : topology.tenants()) {
			String prefix = "tenancy.tenants." + tenant.id() + ".";
			properties.put(prefix + "placement", tenant.placement().name());
			if (tenant.placement() == Placement.DATABASE) {
				properties.put(prefix + "database", tenant.location().database());
				properties.put(prefix + "server", tenant.location().server().placementName());
			}
		}
		// expected refusals (row-level security, constraints) are counted by the suite, not logged one by one
		properties.put("logging.level.org.hibernate.orm.jdbc.error", "off");
		properties.put("logging.level.org.hibernate.engine.jdbc.spi.SqlExceptionHelper", "off");
		properties.put("logging.level.org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler", "off");
		// -Dtenancy.fuzz.app.<property>=<value> runs the suite with any other application setting
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith(APPLICATION_PROPERTY_PREFIX))
			.forEach((name) -> properties.put(name.substring(APPLICATION_PROPERTY_PREFIX.length()), System.getProperty(name)));
		return properties;
	}

	private static String applicationOverrides() {
		List<String> overrides = System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith(APPLICATION_PROPERTY_PREFIX))
			.sorted()
			.map((name) -> name.substring(APPLICATION_PROPERTY_PREFIX.length()) + "=" + System.getProperty(name))
			.toList();
		return overrides.isEmpty() ? "" : " application overrides: " + overrides;
	}

	private String runtimeUrl(FuzzServer server, FuzzVariant variant) {
		String template = runtimeUrlTemplate(server);
		if (!variant.genericPlans()) {
			return template;
		}
		// generic plans from the first execution of every statement, on every runtime connection
		return template + ((template.indexOf('?') < 0) ? "?" : "&")
				+ "prepareThreshold=1&options=-c%20plan_cache_mode%3Dforce_generic_plan";
	}

}
