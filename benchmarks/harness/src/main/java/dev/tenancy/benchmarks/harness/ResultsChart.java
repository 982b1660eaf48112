package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws {@code <profile>.png} with XChart: throughput and p99 latency of every scenario, grouped by workload; the
 * latency chart also shows the open-loop workload, whose throughput is the same by design.
 */
final class ResultsChart {

	private ResultsChart() {
	}

	static void write(RunReport report, Path file) throws IOException {
		List<String> workloads = new ArrayList<>();
		for (String workload : report.workloads()) {
			workloads.add(shortLabel(workload));
		}
		List<String> latencyWorkloads = new ArrayList<>(report.workloads());
		if (report.paced()) {
			latencyWorkloads.add(1, ScenarioRun.MIXED_AT_RATE);
		}
		CategoryChart throughput = chart("Throughput (requests/s, higher is better) - " + report.profile().name()
				+ ", concurrency " + report.profile().concurrency(), "requests/s");
		CategoryChart p99 = chart("p99 latency (ms, lower is better)", "ms");
		for (ScenarioRun run : report.runs().values()) {
			List<Number> rps = new ArrayList<>();
			List<Number> latency = new ArrayList<>();
			for (String workload : report.workloads()) {
				rps.add(Math.round(run.workloads().get(workload).stats().rps()));
			}
			for (String workload : latencyWorkloads) {
				latency.add(ResultsJson.round(run.workloads().get(workload).stats().p99Ms(), 1));
			}
			throughput.addSeries(run.scenario().key(), workloads, rps);
			p99.addSeries(run.scenario().key(), latencyWorkloads.stream().map(ResultsChart::shortLabel).toList(),
					latency);
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		String name = file.toString();
		String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
		BitmapEncoder.saveBitmap(List.of(throughput, p99), 2, 1, base, BitmapEncoder.BitmapFormat.PNG);
	}

	private static CategoryChart chart(String title, String yAxis) {
		CategoryChart chart = new CategoryChartBuilder().width(1000)
			.height(400)
			.title(title)
			.yAxisTitle(yAxis)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
		chart.getStyler().setLabelsVisible(true);
		chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
		chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
		return chart;
	}

	private static String shortLabel(String workload) {
		return switch (workload) {
			case ScenarioRun.MIXED -> "mixed 70/20/10";
			case ScenarioRun.MIXED_AT_RATE -> "mixed, equal rate";
			case "get_project" -> "GET /api/projects/{id}";
			case "list_projects" -> "GET /api/projects (page)";
			case "create_project" -> "POST /api/projects";
			default -> workload;
		};
	}

}
