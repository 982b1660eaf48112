package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario once: fresh databases, the application started in its own JVM, the seed, the checks, a
 * warm-up, then each workload measured in turn from this process.
 */
final class ScenarioRunner {

	private final RunProfile profile;

	private final DataSet data;

	private final BenchmarkDatabases databases;

	private final Map<String, List<String>> tokens;

	private final Path appJar;

	private final Path workDirectory;

	private final Path publicKey;

	private final HttpClient client;

	private final PrintStream log;

	ScenarioRunner(RunProfile profile, DataSet data, BenchmarkDatabases databases, Map<String, List<String>> tokens,
			Path appJar, Path workDirectory, Path publicKey, HttpClient client, PrintStream log) {
		this.profile = profile;
		this.data = data;
		this.databases = databases;
		this.tokens = tokens;
		this.appJar = appJar;
		this.workDirectory = workDirectory;
		this.publicKey = publicKey;
		this.client = client;
		this.log = log;
	}

	void run(ScenarioRun into, int round, boolean keepDatabases) throws Exception {
		Scenario scenario = into.scenario();
		List<String> tenants = this.data.tenants();
		this.databases.recreate(scenario, tenants);
		Path properties = writeProperties(scenario);
		Path appLog = this.workDirectory.resolve(scenario.key() + "-round" + round + ".log");
		List<String> arguments = List.of("--spring.profiles.active=" + scenario.appProfile(),
				"--spring.config.additional-location=file:" + properties.toAbsolutePath());
		try (AppProcess app = AppProcess.start(this.appJar, this.profile.appJvmOptions(), arguments, appLog)) {
			Duration startup = app.awaitReady(this.client, Duration.ofMinutes(3));
			this.databases.seed(scenario, this.data);
			long rows = this.databases.countRows(scenario, tenants);
			URI baseUri = app.baseUri();
			String checks = ScenarioChecks.verify(this.client, baseUri, scenario, this.data, this.tokens);
			this.log.printf("  %-11s round %d: ready in %.1f s, %,d rows; checks passed%n", scenario.key(), round,
					startup.toMillis() / 1000.0, rows);
			Workloads workloads = new Workloads(baseUri, scenario, this.data, this.tokens);
			LoadGenerator load = new LoadGenerator(this.client, this.profile.concurrency());
			load.run(workloads.mixed(), this.profile.warmup());
			this.databases.deleteCreated(scenario, tenants);
			measure(into, load, Call.Endpoint.GET_PROJECT.key(), workloads.get());
			measure(into, load, Call.Endpoint.LIST_PROJECTS.key(), workloads.list());
			measure(into, load, ScenarioRun.MIXED, workloads.mixed());
			this.databases.deleteCreated(scenario, tenants);
			measure(into, load, Call.Endpoint.CREATE_PROJECT.key(), workloads.create());
			into.roundDone(startup, checks, rows);
		}
		finally {
			if (!keepDatabases) {
				this.databases.drop(scenario, tenants);
			}
		}
	}

	private void measure(ScenarioRun into, LoadGenerator load, String workload, List<Call> calls)
			throws InterruptedException {
		PhaseResult result = load.run(calls, this.profile.measure());
		PhaseResult.Stats stats = result.stats();
		this.log.printf("  %-11s %-15s %,9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", into.scenario().key(),
				workload, stats.rps(), stats.p50Ms(), stats.p99Ms(), result.errorCount());
		into.record(workload, result);
	}

	/** The scenario's configuration, passed to the application as an additional configuration file. */
	private Path writeProperties(Scenario scenario) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("spring.datasource.url=" + this.databases.jdbcUrl(scenario.primaryDatabase()));
		lines.add("spring.datasource.hikari.maximum-pool-size=" + this.profile.poolSize());
		lines.add("bench.jwt.public-key-location=file:" + this.publicKey.toAbsolutePath());
		if (scenario.appProfile().equals("library")) {
			int tenants = this.data.tenants().size();
			for (String tenant : this.data.tenants()) {
				String prefix = "tenancy.tenants." + tenant + ".";
				lines.add(prefix + "placement=" + scenario.name());
				if (scenario == Scenario.DATABASE) {
					lines.add(prefix + "database=" + Scenario.tenantDatabase(tenant));
				}
			}
			lines.add("tenancy.placement.database.max-pools=" + tenants);
			lines.add("tenancy.placement.database.max-pool-size=" + this.profile.databaseTenantPoolSize());
			lines.add("tenancy.placement.database.connection-budget="
					+ tenants * this.profile.databaseTenantPoolSize());
		}
		Path file = this.workDirectory.resolve(scenario.key() + ".properties");
		Files.write(file, lines);
		return file;
	}

}
