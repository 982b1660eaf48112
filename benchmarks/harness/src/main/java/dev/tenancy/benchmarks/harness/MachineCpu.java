package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The whole machine's CPU, read from the kernel's counters ({@code /proc/stat}) before and after each slice: how much
 * of it was busy, idle or taken by the hypervisor (steal), and how much the harness itself used, which is the load
 * generator's work. Beside the CPU of the scenario's application and PostgreSQL backends ({@link CpuMeter}), it
 * says whether a scenario's throughput follows its own CPU per request: it does only as far as the machine was
 * busy to the same degree, and the load generator and everything else took the same share, in every scenario.
 */
final class MachineCpu {

	private static final Path STAT = Path.of("/proc/stat");

	private MachineCpu() {
	}

	/** The machine's counters now, or {@code null} where {@code /proc/stat} cannot be read (not Linux). */
	static @Nullable Sample sample() {
		long harness = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
		long now = System.nanoTime();
		try {
			return parse(Files.readAllLines(STAT), now, harness);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Reads the counters from {@code /proc/stat}'s lines: the first, {@code cpu}, sums every processor's time in
	 * ticks (user, nice, system, idle, iowait, irq, softirq, steal, then guest time already counted in user); the
	 * {@code cpuN} lines count the processors.
	 * @param lines the file's lines
	 * @param nanoTime when they were read ({@link System#nanoTime()})
	 * @param harnessNanos the harness's own CPU so far, or {@code -1} if unknown
	 * @return the sample, or {@code null} if the lines are not as expected
	 */
	static @Nullable Sample parse(List<String> lines, long nanoTime, long harnessNanos) {
		if (lines.isEmpty() || !lines.get(0).startsWith("cpu ")) {
			return null;
		}
		String[] fields = lines.get(0).trim().split("\\s+");
		if (fields.length < 9) {
			return null;
		}
		long[] ticks = new long[8];
		for (int i = 0; i < ticks.length; i++) {
			ticks[i] = Long.parseLong(fields[i + 1]);
		}
		long busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6];
		long idle = ticks[3] + ticks[4];
		long steal = ticks[7];
		int processors = (int) lines.stream().filter((line) -> line.matches("cpu\\d+\\s.*")).count();
		return new Sample(nanoTime, busy, idle, steal, harnessNanos, Math.max(1, processors));
	}

	/**
	 * The machine's counters at one moment.
	 * @param nanoTime when they were read
	 * @param busyTicks time all processors spent working (user, nice, system, irq, softirq)
	 * @param idleTicks time they spent idle, waiting for I/O included
	 * @param stealTicks time the hypervisor gave them to someone else
	 * @param harnessNanos the harness's own CPU, or {@code -1} if unknown
	 * @param processors how many processors the counters cover
	 */
	record Sample(long nanoTime, long busyTicks, long idleTicks, long stealTicks, long harnessNanos,
			int processors) {

		/** What happened from {@code earlier} to this sample. */
		Usage since(Sample earlier) {
			return new Usage(this.nanoTime - earlier.nanoTime, this.busyTicks - earlier.busyTicks,
					this.idleTicks - earlier.idleTicks, this.stealTicks - earlier.stealTicks,
					(this.harnessNanos < 0 || earlier.harnessNanos < 0) ? -1 : this.harnessNanos - earlier.harnessNanos,
					this.processors);
		}

	}

	/**
	 * What the machine did over some time: its ticks by kind, which only matter as shares of their sum, and the
	 * harness's CPU in nanoseconds.
	 * @param wallNanos the time it covers
	 * @param busyTicks working
	 * @param idleTicks idle, or waiting for I/O
	 * @param stealTicks taken by the hypervisor
	 * @param harnessNanos the harness's CPU, or {@code -1} if unknown
	 * @param processors how many processors
	 */
	record Usage(long wallNanos, long busyTicks, long idleTicks, long stealTicks, long harnessNanos,
			int processors) {

		static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

		Usage plus(Usage other) {
			return new Usage(this.wallNanos + other.wallNanos, this.busyTicks + other.busyTicks,
					this.idleTicks + other.idleTicks, this.stealTicks + other.stealTicks,
					(this.harnessNanos < 0 || other.harnessNanos < 0) ? -1 : this.harnessNanos + other.harnessNanos,
					Math.max(this.processors, other.processors));
		}

		private long ticks() {
			return this.busyTicks + this.idleTicks + this.stealTicks;
		}

		/** How many processors were busy on average; {@code NaN} if nothing was counted. */
		double busyProcessors() {
			return share(this.busyTicks);
		}

		/** How many processors were idle on average. */
		double idleProcessors() {
			return share(this.idleTicks);
		}

		/** How many processors the hypervisor took on average. */
		double stolenProcessors() {
			return share(this.stealTicks);
		}

		/** How many processors the harness kept busy on average; {@code NaN} if unknown. */
		double harnessProcessors() {
			return processorsFor(this.harnessNanos);
		}

		/** How many processors some CPU time kept busy on average over this usage's time. */
		double processorsFor(long cpuNanos) {
			return (cpuNanos < 0 || this.wallNanos <= 0) ? Double.NaN : (double) cpuNanos / this.wallNanos;
		}

		private double share(long ticks) {
			return (ticks() <= 0) ? Double.NaN : (double) ticks / ticks() * this.processors;
		}

	}

}
