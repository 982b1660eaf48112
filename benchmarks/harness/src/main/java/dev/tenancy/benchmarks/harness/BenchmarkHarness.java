package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Runs the full-stack scenarios of one profile and writes {@code <profile>.json}, {@code .md} and {@code .png}.
 * Started by {@code benchmarks/run}, which builds the jars and runs JMH first.
 * <p>
 * Options: {@code --profile quick|full}, {@code --app-jar}, {@code --work} (logs, key, configuration),
 * {@code --out} (result files), {@code --jmh} (JMH's JSON), {@code --scale} (the scale benchmarks' JSON files),
 * {@code --command} and {@code --script-seconds} (for the record), {@code --postgres host:port} (superuser
 * {@code postgres}, password from {@code PGPASSWORD}), {@code --scenarios baseline,shared,...},
 * {@code --concurrency N}, {@code --pool-size N} (the application's connection pool in every scenario, default 8),
 * {@code --warmup-seconds N}, {@code --slice-seconds N}, {@code --slices N}, {@code --paced-share S|off} (the
 * open-loop workload's rate as a share of the baseline's mixed throughput; 0.5 in the full profile, off in the quick
 * one), {@code --settle-jit S|off} (after the warm-up, keep warming each application up, a slice at a time, until its
 * JIT compiler threads used less than this share of its CPU in the last slice; 0.05 in the full profile, off in the
 * quick one) with {@code --settle-max-seconds N} (at most this much longer, default four times the warm-up),
 * {@code --keep-databases}. With {@code --tally FILE...} as its arguments it runs nothing and judges the targets
 * over the result files named ({@link RunTally}).
 */
public final class BenchmarkHarness {

	private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")
		.withZone(ZoneOffset.UTC);

	private BenchmarkHarness() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--tally")) {
			RunTally.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Map<String, String> options = options(args);
		RunProfile profile = RunProfile.named(options.getOrDefault("profile", "quick"));
		if (options.containsKey("concurrency")) {
			profile = profile.withConcurrency(Integer.parseInt(options.get("concurrency")));
		}
		if (options.containsKey("pool-size")) {
			profile = profile.withPoolSize(Integer.parseInt(options.get("pool-size")));
		}
		if (options.containsKey("warmup-seconds") || options.containsKey("slice-seconds")
				|| options.containsKey("slices")) {
			profile = profile.withTimes(Duration.ofSeconds(Long.parseLong(option(options, "warmup-seconds", profile.warmup()))),
					Duration.ofSeconds(Long.parseLong(option(options, "slice-seconds", profile.slice()))),
					Integer.parseInt(options.getOrDefault("slices", "" + profile.slices())));
		}
		if (options.containsKey("settle-jit")) {
			profile = profile.withSettleJit(options.get("settle-jit"));
		}
		if (options.containsKey("paced-share")) {
			profile = profile.withPacedShare(options.get("paced-share"));
		}
		Path appJar = Path.of(options.getOrDefault("app-jar", "benchmarks/app/target/tenancy-benchmarks-app.jar"));
		Path work = Path.of(options.getOrDefault("work", "benchmarks/target/run"));
		Path out = Path.of(options.getOrDefault("out", "benchmarks/results"));
		@Nullable String jmh = options.get("jmh");
		@Nullable String scale = options.get("scale");
		String command = options.getOrDefault("command", "benchmarks/run");
		long scriptSeconds = Long.parseLong(options.getOrDefault("script-seconds", "0"));
		String[] postgres = options.getOrDefault("postgres", "127.0.0.1:5432").split(":");
		List<Scenario> scenarios = scenarios(options.get("scenarios"));
		boolean keepDatabases = options.containsKey("keep-databases");
		@Nullable Double settleJit = profile.settleJit();
		@Nullable JitSettling settling = (settleJit != null)
				? new JitSettling(settleJit, profile.slice(), Duration.ofSeconds(Long.parseLong(
						option(options, "settle-max-seconds", profile.warmup().multipliedBy(4)))))
				: null;
		PrintStream log = System.out;

		Instant started = Instant.now();
		double[] loadBefore = LoadSampler.now();
		try (LoadSampler sampler = new LoadSampler()) {
			BenchmarkDatabases databases = new BenchmarkDatabases(postgres[0], Integer.parseInt(postgres[1]), "postgres",
					System.getenv("PGPASSWORD"));
			MachineInfo machine = MachineInfo.collect(databases.serverVersion());
			databases.ensureRoles();
			DataSet data = DataSet.generate(profile);
			TokenMint mint = TokenMint.generate();
			Path publicKey = work.resolve("jwt-public.pem");
			mint.writePublicKey(publicKey);
			Map<String, List<String>> tokens = mintTokens(mint, data, profile);
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			log.printf("Profile %s: %d tenants x %,d projects, concurrency %d, warm-up %d s, %d x %d s per workload "
					+ "and scenario; load average %s%n", profile.name(), profile.tenants(), profile.projectsPerTenant(),
					profile.concurrency(), profile.warmup().toSeconds(), profile.slices(), profile.slice().toSeconds(),
					Arrays.toString(loadBefore));
			ScenarioInstance.Context context = new ScenarioInstance.Context(profile, data, databases, tokens, appJar,
					work, publicKey, client, log, keepDatabases);
			Map<Scenario, ScenarioRun> runs = new EnumMap<>(Scenario.class);
			scenarios.forEach((scenario) -> runs.put(scenario, new ScenarioRun(scenario)));
			DatabaseStatements statements = DatabaseStatements.ifTracked(databases);
			log.println((statements != null) ? "PostgreSQL tracks statements (pg_stat_statements): reported per workload"
					: "PostgreSQL does not track statements (pg_stat_statements, PostgreSQL 13 or later): none reported");
			InterleavedRun interleaved = new InterleavedRun(context, new LoadGenerator(client, profile.concurrency()),
					statements, settling);
			interleaved.run(List.copyOf(runs.values()));
			Instant finished = Instant.now();
			Duration wall = Duration.between(started, finished).plusSeconds(scriptSeconds);
			RunReport report = new RunReport(profile, command, started, finished, wall, machine, loadBefore,
					sampler.summary(), data, runs, interleaved.pacedRate(), (jmh != null) ? JmhResult.read(Path.of(jmh)) : List.of(),
					(scale != null) ? ScaleResult.readAll(Path.of(scale)) : List.of());
			Path json = out.resolve(profile.name() + ".json");
			ResultsJson.write(report, json);
			ResultsChart.write(report, out.resolve(profile.name() + ".png"));
			ResultsMarkdown.write(report, out.resolve(profile.name() + ".md"), profile.name() + ".png");
			Path kept = keepFullRun(profile, json, out, started);
			log.printf("SHARED vs baseline (mixed): throughput %.3f (target >= %.2f: %s), p99 %.3f (target <= %.2f: %s)%n",
					report.throughputRatio(Scenario.SHARED, ScenarioRun.MIXED), RunReport.THROUGHPUT_TARGET,
					report.throughputTargetMet() ? "met" : "not met", report.p99Ratio(Scenario.SHARED, ScenarioRun.MIXED),
					RunReport.P99_TARGET, report.p99TargetMet() ? "met" : "not met");
			if (report.paced()) {
				log.printf("SHARED vs baseline (mixed, open loop at %,.0f req/s): p50 %.3f, p99 %.3f%n",
						report.pacedRate(), report.p50Ratio(Scenario.SHARED, ScenarioRun.MIXED_AT_RATE),
						report.p99Ratio(Scenario.SHARED, ScenarioRun.MIXED_AT_RATE));
			}
			log.println("Wrote " + json + ", " + out.resolve(profile.name() + ".md") + ", "
					+ out.resolve(profile.name() + ".png") + ((kept != null) ? " and " + kept : ""));
		}
	}

	/**
	 * Keeps a copy of a full run's JSON under {@code runs/}, named by when the run started, so that the next full
	 * run does not overwrite the only record of it and {@code benchmarks/run --tally} can judge the targets over
	 * the runs. Quick runs measure warm-up as much as serving and are not kept.
	 */
	private static @Nullable Path keepFullRun(RunProfile profile, Path json, Path out, Instant started)
			throws IOException {
		if (!profile.name().equals("full")) {
			return null;
		}
		Path kept = out.resolve("runs").resolve("full-" + RUN_NAME.format(started) + ".json");
		Files.createDirectories(kept.getParent());
		return Files.copy(json, kept, StandardCopyOption.REPLACE_EXISTING);
	}

	private static String option(Map<String, String> options, String name, Duration fallback) {
		return options.getOrDefault(name, Long.toString(fallback.toSeconds()));
	}

	private static Map<String, List<String>> mintTokens(TokenMint mint, DataSet data, RunProfile profile)
			throws Exception {
		// valid for far longer than any run; every scenario gets the very same tokens
		Instant expiry = Instant.now().plus(Duration.ofHours(12));
		Map<String, List<String>> tokens = new LinkedHashMap<>();
		for (String tenant : data.tenants()) {
			List<String> tenantTokens = new ArrayList<>();
			for (int user = 1; user <= profile.tokensPerTenant(); user++) {
				tenantTokens.add(mint.mint(tenant, tenant + "-user" + user, expiry));
			}
			tokens.put(tenant, List.copyOf(tenantTokens));
		}
		return tokens;
	}

	private static List<Scenario> scenarios(@Nullable String names) {
		if (names == null || names.isBlank()) {
			return Scenario.standard();
		}
		List<Scenario> scenarios = new ArrayList<>();
		for (String name : names.split(",")) {
			scenarios.add(Scenario.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
		}
		if (!scenarios.contains(Scenario.BASELINE)) {
			scenarios.add(0, Scenario.BASELINE);
		}
		return scenarios;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
			}
			String name = args[i].substring(2);
			int equals = name.indexOf('=');
			if (equals >= 0) {
				options.put(name.substring(0, equals), name.substring(equals + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				options.put(name, args[++i]);
			}
			else {
				options.put(name, "true");
			}
		}
		return options;
	}

}
