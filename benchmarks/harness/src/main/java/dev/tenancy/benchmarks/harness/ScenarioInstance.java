package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's running application: its fresh databases, its own JVM, the seed and the checks; then warmed up,
 * loaded slice by slice, and cleaned between workloads that create rows.
 */
final class ScenarioInstance implements AutoCloseable {

	private final ScenarioRun run;

	private final BenchmarkDatabases databases;

	private final DataSet data;

	private final AppProcess app;

	private final Workloads workloads;

	private final boolean keepDatabases;

	private final CpuMeter cpu;

	private ScenarioInstance(ScenarioRun run, BenchmarkDatabases databases, DataSet data, AppProcess app,
			Workloads workloads, boolean keepDatabases) {
		this.run = run;
		this.databases = databases;
		this.data = data;
		this.app = app;
		this.workloads = workloads;
		this.keepDatabases = keepDatabases;
		this.cpu = new CpuMeter(app.handle(), databases, run.scenario(), data.tenants());
	}

	/**
	 * Creates the scenario's databases and starts its application, without waiting for it.
	 */
	static Launched launch(ScenarioRun run, Context context) throws Exception {
		Scenario scenario = run.scenario();
		context.databases().recreate(scenario, context.data().tenants());
		Path properties = writeProperties(scenario, context);
		List<String> arguments = List.of("--spring.profiles.active=" + scenario.appProfile(),
				"--spring.config.additional-location=file:" + properties.toAbsolutePath());
		AppProcess app = AppProcess.start(context.appJar(), context.profile().appJvmOptions(), arguments,
				context.workDirectory().resolve(scenario.key() + ".log"));
		return new Launched(run, app);
	}

	/**
	 * Waits for a launched application, then seeds and checks it.
	 */
	static ScenarioInstance ready(Launched launched, Context context) throws Exception {
		ScenarioRun run = launched.run();
		Scenario scenario = run.scenario();
		AppProcess app = launched.app();
		try {
			Duration startup = app.awaitReady(context.client(), Duration.ofMinutes(4));
			context.databases().seed(scenario, context.data());
			long rows = context.databases().countRows(scenario, context.data().tenants());
			String checks = ScenarioChecks.verify(context.client(), app.baseUri(), scenario, context.data(),
					context.tokens());
			run.started(startup, checks, rows);
			context.log().printf("  %-11s ready in %4.1f s, %,d rows seeded, checks passed%n",
					scenario.key(), startup.toMillis() / 1000.0, rows);
			return new ScenarioInstance(run, context.databases(), context.data(), app,
					new Workloads(app.baseUri(), scenario, context.data(), context.tokens()), context.keepDatabases());
		}
		catch (Exception | Error ex) {
			app.close();
			throw ex;
		}
	}

	ScenarioRun run() {
		return this.run;
	}

	/** What the application and its database backends have used so far. */
	CpuMeter cpu() {
		return this.cpu;
	}

	Workloads workloads() {
		return this.workloads;
	}

	/** The databases the scenario's application uses. */
	List<String> databaseNames() {
		return BenchmarkDatabases.databases(this.run.scenario(), this.data.tenants());
	}

	/** Deletes the rows the load created, so that the next workload starts from the seeded data. */
	void deleteCreated() throws SQLException {
		this.databases.deleteCreated(this.run.scenario(), this.data.tenants());
	}

	@Override
	public void close() throws Exception {
		try {
			this.app.close();
		}
		finally {
			if (!this.keepDatabases) {
				this.databases.drop(this.run.scenario(), this.data.tenants());
			}
		}
	}

	/** The scenario's configuration, passed to the application as an additional configuration file. */
	private static Path writeProperties(Scenario scenario, Context context) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("spring.datasource.url=" + context.databases().jdbcUrl(scenario.primaryDatabase()));
		lines.add("spring.datasource.hikari.maximum-pool-size=" + context.profile().poolSize());
		lines.add("bench.jwt.public-key-location=file:" + context.publicKey().toAbsolutePath());
		if (scenario.appProfile().equals("library")) {
			List<String> tenants = context.data().tenants();
			for (String tenant : tenants) {
				String prefix = "tenancy.tenants." + tenant + ".";
				lines.add(prefix + "placement=" + scenario.placement());
				if (scenario == Scenario.DATABASE) {
					lines.add(prefix + "database=" + Scenario.tenantDatabase(tenant));
				}
			}
			if (!scenario.hibernateLayer()) {
				lines.add("tenancy.jpa.discriminator-enabled=false");
			}
			if (!scenario.keepsLoadPlans()) {
				lines.add("tenancy.jpa.load-plan-cache-size=0");
			}
			if (!scenario.keepsQueryTranslations()) {
				lines.add("tenancy.jpa.query-translation-cache-size=0");
			}
			int poolSize = context.profile().databaseTenantPoolSize();
			lines.add("tenancy.placement.database.max-pools=" + tenants.size());
			lines.add("tenancy.placement.database.max-pool-size=" + poolSize);
			lines.add("tenancy.placement.database.connection-budget=" + tenants.size() * poolSize);
		}
		Path file = context.workDirectory().resolve(scenario.key() + ".properties");
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.write(file, lines);
		return file;
	}

	/**
	 * An application started but not yet known to be ready.
	 */
	record Launched(ScenarioRun run, AppProcess app) {

	}

	/**
	 * What every scenario of a run shares.
	 */
	record Context(RunProfile profile, DataSet data, BenchmarkDatabases databases,
			java.util.Map<String, List<String>> tokens, Path appJar, Path workDirectory, Path publicKey,
			HttpClient client, PrintStream log, boolean keepDatabases) {

	}

}
