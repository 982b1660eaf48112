package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One result of the JMH run, read from JMH's JSON output ({@code -rf json}).
 *
 * @param benchmark the benchmark method, without the package
 * @param params its parameters, if any
 * @param mode the JMH mode
 * @param score the score
 * @param error the half-width of the 99.9% confidence interval, NaN with too few iterations
 * @param unit the score's unit
 */
record JmhResult(String benchmark, String params, String mode, double score, double error, String unit) {

	static List<JmhResult> read(Path file) throws IOException {
		List<JmhResult> results = new ArrayList<>();
		if (!Files.exists(file)) {
			return results;
		}
		JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
		for (JsonNode entry : root) {
			String benchmark = entry.path("benchmark").asString();
			benchmark = benchmark.replace("dev.tenancy.benchmarks.jmh.", "");
			StringBuilder params = new StringBuilder();
			Iterator<Map.Entry<String, JsonNode>> fields = entry.path("params").properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				params.append(params.isEmpty() ? "" : ", ").append(field.getKey()).append('=')
					.append(field.getValue().asString());
			}
			JsonNode metric = entry.path("primaryMetric");
			results.add(new JmhResult(benchmark, params.toString(), entry.path("mode").asString(),
					metric.path("score").asDouble(), metric.path("scoreError").asDouble(Double.NaN),
					metric.path("scoreUnit").asString()));
		}
		return results;
	}

}
