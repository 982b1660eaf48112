package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result of one scale benchmark (1,000 SCHEMA tenants' migrations, 1,000 DATABASE tenants under the pool
 * budget), which {@code benchmarks/run} runs as {@code tenancy-jpa} benchmark tests; each writes a JSON file into
 * one directory, which this reads as it is, to carry it into the run's report.
 *
 * @param name the file name without {@code .json}
 * @param content the file's content
 */
record ScaleResult(String name, JsonNode content) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Reads every {@code *.json} file of a directory, by name.
	 * @param directory the directory; none there is no result
	 * @return the results
	 */
	static List<ScaleResult> readAll(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<ScaleResult> results = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
				String name = file.getFileName().toString();
				results.add(new ScaleResult(name.substring(0, name.length() - ".json".length()), JSON.readTree(file.toFile())));
			}
		}
		return results;
	}

	/**
	 * The content's values by their path ({@code measurements.cold_pool.p99_ms}), in the file's order, for a table.
	 * @return the leaf values as text
	 */
	Map<String, String> flattened() {
		Map<String, String> values = new LinkedHashMap<>();
		flatten("", this.content, values);
		return values;
	}

	private static void flatten(String path, JsonNode node, Map<String, String> values) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), values);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				flatten(path + "[" + i + "]", node.get(i), values);
			}
		}
		else {
			values.put(path, node.isNull() ? "null" : node.asString());
		}
	}

}
