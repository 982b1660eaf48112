package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the machine's one-minute load average while the run goes on, so that the report says how busy the
 * machine was (other builds on a shared machine show up here).
 */
final class LoadSampler implements AutoCloseable {

	private static final Path LOADAVG = Path.of("/proc/loadavg");

	private final List<Double> samples = new ArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	LoadSampler() {
		this.thread = new Thread(this::sample, "load-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void sample() {
		while (this.running) {
			double[] now = now();
			if (now.length > 0) {
				synchronized (this.samples) {
					this.samples.add(now[0]);
				}
			}
			try {
				Thread.sleep(5_000);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** The 1-, 5- and 15-minute load averages, or none where {@code /proc/loadavg} does not exist. */
	static double[] now() {
		try {
			String[] fields = Files.readString(LOADAVG).trim().split("\\s+");
			return new double[] { Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
					Double.parseDouble(fields[2]) };
		}
		catch (IOException | RuntimeException ex) {
			return new double[0];
		}
	}

	/** Minimum, mean and maximum of the one-minute load average sampled so far. */
	double[] summary() {
		synchronized (this.samples) {
			if (this.samples.isEmpty()) {
				return new double[0];
			}
			double min = Double.MAX_VALUE;
			double max = 0;
			double sum = 0;
			for (double sample : this.samples) {
				min = Math.min(min, sample);
				max = Math.max(max, sample);
				sum += sample;
			}
			return new double[] { min, sum / this.samples.size(), max };
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
