package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges the targets over several runs instead of one: reads result files as {@code benchmarks/run} writes them
 * ({@code <profile>.json}), lists each run's SHARED ratios, and gives the mean of the runs' throughput and p99
 * ratios with its 95% interval over the runs. Started by {@code benchmarks/run --tally FILE...}; prints Markdown.
 * <p>
 * A run's own interval is the noise within that run; between runs, on machines whose speed changes from hour to
 * hour, a ratio moves further. So a target holds across runs only when the whole interval of their mean lies on its
 * side, and is missed across runs only when the whole interval lies on the other. Which runs belong together (the
 * same library code, a full profile) is the caller's choice: every run's commit and profile are listed.
 */
final class RunTally {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RunTally() {
	}

	/**
	 * One run's figures, from its result file.
	 * @param file where it was read from
	 * @param startedAt when the run started (ISO-8601, UTC)
	 * @param profile the run's profile
	 * @param commit the commit it measured, abbreviated
	 * @param cpu the machine's processor
	 * @param baselineRps the baseline's mixed throughput
	 * @param shared SHARED's mixed throughput over the baseline's
	 * @param sharedInterval the run's own 95% interval of it, when the file has one
	 * @param p99 SHARED's mixed p99 over the baseline's
	 * @param handwritten the hand-written variant's mixed throughput over the baseline's, when it ran
	 * @param sharedRls row-level security alone's, when it ran
	 * @param schema SCHEMA's, when it ran
	 * @param database DATABASE's, when it ran
	 */
	record Run(Path file, String startedAt, String profile, String commit, String cpu, double baselineRps,
			double shared, @Nullable RatioInterval sharedInterval, double p99, @Nullable Double handwritten,
			@Nullable Double sharedRls, @Nullable Double schema, @Nullable Double database) {
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0) {
			fail("name the result files to tally, e.g. benchmarks/run --tally benchmarks/results/runs/full-*.json");
			return;
		}
		List<Run> runs = new ArrayList<>();
		try {
			for (String file : args) {
				runs.add(read(Path.of(file)));
			}
		}
		catch (IllegalArgumentException ex) {
			fail(ex.getMessage());
			return;
		}
		System.out.print(markdown(runs));
	}

	private static void fail(String message) {
		System.err.println("benchmarks/run --tally: " + message);
		System.exit(1);
	}

	/**
	 * Reads one run.
	 * @param file a result file of {@code benchmarks/run}
	 * @return its figures
	 * @throws IOException when the file cannot be read
	 * @throws IllegalArgumentException when there is no such file, or it is not a result file with SHARED and the
	 * baseline in it
	 */
	static Run read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no result file " + file);
		}
		JsonNode root;
		try {
			root = JSON.readTree(Files.readString(file));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(file + " is not JSON: " + ex.getOriginalMessage(), ex);
		}
		JsonNode ratios = root.path("ratios");
		double shared = required(file, ratios, "shared_vs_baseline");
		double p99 = required(file, ratios, "p99_shared_vs_baseline");
		double baselineRps = required(file, root.path("scenarios").path("baseline"), "rps");
		JsonNode interval = ratios.path("shared_vs_baseline_ci95");
		RatioInterval sharedInterval = interval.isObject()
				? new RatioInterval(interval.path("mean").asDouble(), interval.path("low").asDouble(),
						interval.path("high").asDouble(), interval.path("slices").asInt())
				: null;
		String sha = root.path("commit").path("sha").asString("");
		return new Run(file, root.path("started_at").asString(""), root.path("profile").asString(""),
				sha.substring(0, Math.min(7, sha.length())), root.path("machine").path("cpu").asString(""),
				baselineRps, shared, sharedInterval, p99, optional(ratios, "handwritten_vs_baseline"),
				optional(ratios, "shared_rls_vs_baseline"), optional(ratios, "schema_vs_baseline"),
				optional(ratios, "database_vs_baseline"));
	}

	/**
	 * The tally as Markdown: one row per run, oldest first, then each target's verdict over the runs.
	 * @param runs the runs to judge together
	 * @return the table and the verdicts
	 */
	static String markdown(List<Run> runs) {
		List<Run> ordered = runs.stream().sorted(Comparator.comparing(Run::startedAt)).toList();
		StringBuilder md = new StringBuilder();
		md.append("| Run started (UTC) | Profile | Commit | Processor | Baseline mixed req/s | SHARED vs baseline ")
			.append("(the run's 95% interval) | p99 vs baseline | hand-written | RLS alone | SCHEMA | DATABASE |\n")
			.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Run run : ordered) {
			md.append("| ").append(run.startedAt().isEmpty() ? run.file().getFileName() : minutes(run.startedAt()))
				.append(" | ").append(run.profile())
				.append(" | ").append(run.commit())
				.append(" | ").append(run.cpu())
				.append(" | ").append(format("%,.0f", run.baselineRps()))
				.append(" | ").append(ratio(run.shared()))
				.append(run.sharedInterval() == null ? ""
						: " (" + ratio(run.sharedInterval().low()) + "–" + ratio(run.sharedInterval().high()) + ")")
				.append(" | ").append(ratio(run.p99()))
				.append(" | ").append(optionalRatio(run.handwritten()))
				.append(" | ").append(optionalRatio(run.sharedRls()))
				.append(" | ").append(optionalRatio(run.schema()))
				.append(" | ").append(optionalRatio(run.database()))
				.append(" |\n");
		}
		md.append('\n');
		List<Double> throughput = ordered.stream().map(Run::shared).toList();
		long throughputMet = throughput.stream().filter(ratio -> ratio >= RunReport.THROUGHPUT_TARGET).count();
		RatioInterval throughputMean = RatioInterval.ofRatios(throughput);
		md.append("- **SHARED throughput ≥ ").append(format("%.2f", RunReport.THROUGHPUT_TARGET))
			.append(" × baseline**: met in ").append(throughputMet).append(" of ").append(ordered.size())
			.append(" runs; ").append(verdict(throughputMean, RunReport.THROUGHPUT_TARGET, true)).append('\n');
		List<Double> p99 = ordered.stream().map(Run::p99).toList();
		long p99Met = p99.stream().filter(ratio -> ratio <= RunReport.P99_TARGET).count();
		RatioInterval p99Mean = RatioInterval.ofRatios(p99);
		md.append("- **SHARED p99 ≤ ").append(format("%.2f", RunReport.P99_TARGET))
			.append(" × baseline**: met in ").append(p99Met).append(" of ").append(ordered.size())
			.append(" runs; ").append(verdict(p99Mean, RunReport.P99_TARGET, false)).append('\n');
		mean(md, "the hand-written filter", ordered, Run::handwritten);
		mean(md, "SHARED with row-level security alone", ordered, Run::sharedRls);
		mean(md, "SCHEMA", ordered, Run::schema);
		mean(md, "DATABASE", ordered, Run::database);
		return md.toString();
	}

	private static String verdict(@Nullable RatioInterval mean, double target, boolean atLeast) {
		if (mean == null) {
			return "one run cannot be judged across runs";
		}
		String of = "mean " + ratio(mean.mean()) + " ×, 95% interval of the mean " + ratio(mean.low()) + "–"
				+ ratio(mean.high()) + " (Student's t over the " + mean.slices() + " runs): ";
		boolean holds = atLeast ? mean.surelyAtLeast(target) : mean.surelyAtMost(target);
		boolean missed = atLeast ? mean.surelyBelow(target) : mean.surelyAbove(target);
		if (holds) {
			return of + "**holds** across these runs";
		}
		if (missed) {
			return of + "**missed** across these runs";
		}
		return of + "**not resolved** by these runs (the interval spans " + format("%.2f", target) + ")";
	}

	private static void mean(StringBuilder md, String name, List<Run> runs, Function<Run, @Nullable Double> ratio) {
		List<Double> ratios = runs.stream().map(ratio).filter(Objects::nonNull).toList();
		RatioInterval mean = RatioInterval.ofRatios(ratios);
		if (mean != null) {
			md.append("- Throughput of ").append(name).append(" over the baseline's: mean ").append(ratio(mean.mean()))
				.append(" × over ").append(mean.slices()).append(" runs (95% interval of the mean ")
				.append(ratio(mean.low())).append("–")
				.append(ratio(mean.high())).append(")\n");
		}
	}

	private static double required(Path file, JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (!value.isNumber()) {
			throw new IllegalArgumentException(file + " is not a result file of benchmarks/run with SHARED and the "
					+ "baseline in it: it has no numeric '" + field + "'");
		}
		return value.asDouble();
	}

	private static @Nullable Double optional(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isNumber() ? value.asDouble() : null;
	}

	/** {@code 2026-12-07T01:09:46.336Z} as {@code 2026-12-07 01:09}. */
	private static String minutes(String instant) {
		return (instant.length() >= 16) ? instant.substring(0, 10) + " " + instant.substring(11, 16) : instant;
	}

	private static String optionalRatio(@Nullable Double value) {
		return (value != null) ? ratio(value) : "";
	}

	private static String ratio(double value) {
		return format("%.3f", value);
	}

	private static String format(String pattern, Object... values) {
		return ResultsMarkdown.format(pattern, values);
	}

}
