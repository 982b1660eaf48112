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
 * Draws {@code <profile>.png} with XChart: throughput and p99 latency of every scenario, grouped by workload.
 */
final class ResultsChart {

	private ResultsChart() {
	}

	static void write(RunReport report, Path file) throws IOException {
		List<String> workloads = new ArrayList<>();
		for (String workload : report.workloads()) {
			workloads.add(shortLabel(workload));
		}
		CategoryChart throughput = chart("Throughput (requests/s, higher is better) - " + report.profile().name()
				+ ", concurrency " + report.profile().concurrency(), "requests/s");
		CategoryChart p99 = chart("p99 latency (ms, lower is better)", "ms");
		for (ScenarioRun run : report.runs().values()) {
			List<Number> rps = new ArrayList<>();
			List<Number> latency = new ArrayList<>();
			for (String workload : report.workloads()) {
				PhaseResult.Stats stats = run.workloads().get(workload).stats();
				rps.add(Math.round(stats.rps()));
				latency.add(ResultsJson.round(stats.p99Ms(), 1));
			}
			throughput.addSeries(run.scenario().key(), workloads, rps);
			p99.addSeries(run.scenario().key(), workloads, latency);
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
			case "get_project" -> "GET /api/projects/{id}";
			case "list_projects" -> "GET /api/projects (page)";
			case "create_project" -> "POST /api/projects";
			default -> workload;
		};
	}

}
