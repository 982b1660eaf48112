package dev.tenancy.benchmarks.harness;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one measured phase (or several, merged) recorded: every successful request's latency in an HdrHistogram
 * (microseconds), per endpoint and overall, the errors by kind, and the time the load ran.
 */
final class PhaseResult {

	/** Latencies up to a minute, three significant digits. */
	static Histogram newHistogram() {
		return new Histogram(60_000_000L, 3);
	}

	private final Histogram all = newHistogram();

	private final Map<Call.Endpoint, Histogram> byEndpoint = new EnumMap<>(Call.Endpoint.class);

	private final Map<String, Long> errors = new TreeMap<>();

	private long elapsedNanos;

	/** CPU of the application's JVM while the load ran. */
	private long appCpuNanos;

	/** CPU of the application's database backends while the load ran. */
	private long databaseCpuNanos;

	/** Whether the backends' CPU could not be read for some of the load. */
	private boolean databaseCpuUnknown;

	/** CPU of the application's JIT compiler threads while the load ran, part of {@link #appCpuNanos}. */
	private long jitCpuNanos;

	/** Whether the JIT compiler threads' CPU could not be read for some of the load. */
	private boolean jitCpuUnknown;

	/** What the whole machine did while the load ran. */
	private MachineCpu.Usage machine = MachineCpu.Usage.NONE;

	/** Whether the machine's counters could not be read for some of the load. */
	private boolean machineUnknown;

	void add(Map<Call.Endpoint, Histogram> histograms, Map<String, Long> errorCounts, long elapsed) {
		histograms.forEach((endpoint, histogram) -> {
			this.byEndpoint.computeIfAbsent(endpoint, (e) -> newHistogram()).add(histogram);
			this.all.add(histogram);
		});
		errorCounts.forEach((kind, count) -> this.errors.merge(kind, count, Long::sum));
		this.elapsedNanos += elapsed;
	}

	void merge(PhaseResult other) {
		add(other.byEndpoint, other.errors, other.elapsedNanos);
		this.appCpuNanos += other.appCpuNanos;
		this.databaseCpuNanos += other.databaseCpuNanos;
		this.databaseCpuUnknown |= other.databaseCpuUnknown;
		this.jitCpuNanos += other.jitCpuNanos;
		this.jitCpuUnknown |= other.jitCpuUnknown;
		this.machine = this.machine.plus(other.machine);
		this.machineUnknown |= other.machineUnknown;
	}

	/**
	 * Adds the CPU time used while the load ran.
	 * @param appNanos the application's JVM
	 * @param databaseNanos its database backends, or {@code -1} if they could not be read
	 */
	void addCpu(long appNanos, long databaseNanos) {
		this.appCpuNanos += appNanos;
		if (databaseNanos < 0) {
			this.databaseCpuUnknown = true;
		}
		else {
			this.databaseCpuNanos += databaseNanos;
		}
	}

	/**
	 * Adds the CPU time the application's JIT compiler threads used while the load ran (already counted in the
	 * application's CPU).
	 * @param jitNanos the compiler threads' CPU, or {@code -1} if it could not be read
	 */
	void addJitCpu(long jitNanos) {
		if (jitNanos < 0) {
			this.jitCpuUnknown = true;
		}
		else {
			this.jitCpuNanos += jitNanos;
		}
	}

	/**
	 * Adds what the whole machine did while the load ran.
	 * @param usage the machine's counters over the load, or {@code null} if they could not be read
	 */
	void addMachine(MachineCpu.@Nullable Usage usage) {
		if (usage == null) {
			this.machineUnknown = true;
		}
		else {
			this.machine = this.machine.plus(usage);
		}
	}

	/**
	 * How the machine's processors were spent while the load ran, or {@code null} if the machine's counters, the
	 * harness's CPU or the database backends' CPU could not be read. The application's and backends' CPU is read
	 * just outside the machine's counters (listing the backends takes a query), so their share comes out a few
	 * milliseconds per slice high and what is left for the rest as much low.
	 */
	@Nullable MachineUse machineUse() {
		double busy = this.machine.busyProcessors();
		double loadGenerator = this.machine.harnessProcessors();
		if (this.machineUnknown || this.databaseCpuUnknown || Double.isNaN(busy) || Double.isNaN(loadGenerator)) {
			return null;
		}
		double application = this.machine.processorsFor(this.appCpuNanos);
		double database = this.machine.processorsFor(this.databaseCpuNanos);
		return new MachineUse(application, database, loadGenerator, busy - application - database - loadGenerator,
				this.machine.idleProcessors(), this.machine.stolenProcessors(), this.machine.processors());
	}

	/**
	 * The share of the application's CPU that its JIT compiler threads used: compiling, not serving, so a share
	 * above a few percent means the application was still warming up. {@code NaN} if not measured.
	 */
	double jitShareOfAppCpu() {
		if (this.jitCpuUnknown || this.appCpuNanos <= 0) {
			return Double.NaN;
		}
		return (double) this.jitCpuNanos / this.appCpuNanos;
	}

	/** Milliseconds of application CPU per successful request. */
	double appCpuMsPerRequest() {
		return (requests() == 0) ? 0 : this.appCpuNanos / 1e6 / requests();
	}

	/**
	 * Milliseconds of CPU per successful request, application and database backends together; the application
	 * alone if the backends were not measured.
	 */
	double cpuMsPerRequest() {
		return appCpuMsPerRequest() + Math.max(0, databaseCpuMsPerRequest());
	}

	/** Milliseconds of database backend CPU per successful request, or {@code -1} if not measured. */
	double databaseCpuMsPerRequest() {
		if (this.databaseCpuUnknown) {
			return -1;
		}
		return (requests() == 0) ? 0 : this.databaseCpuNanos / 1e6 / requests();
	}

	double seconds() {
		return this.elapsedNanos / 1e9;
	}

	long requests() {
		return this.all.getTotalCount();
	}

	long errorCount() {
		return this.errors.values().stream().mapToLong(Long::longValue).sum();
	}

	Map<String, Long> errors() {
		return this.errors;
	}

	/** Successful requests per second. */
	double rps() {
		return (this.elapsedNanos == 0) ? 0 : requests() / seconds();
	}

	Stats stats() {
		return Stats.of(this.all, seconds());
	}

	Map<Call.Endpoint, Stats> endpointStats() {
		Map<Call.Endpoint, Stats> stats = new EnumMap<>(Call.Endpoint.class);
		this.byEndpoint.forEach((endpoint, histogram) -> stats.put(endpoint, Stats.of(histogram, seconds())));
		return stats;
	}

	/**
	 * How many of the machine's processors, on average while the load ran, worked for each part; the six add up to
	 * {@code processors}.
	 * @param application the scenario's application (its whole JVM)
	 * @param database the PostgreSQL backends connected to its databases
	 * @param loadGenerator the harness, which is the load generator
	 * @param rest everything else that worked: the other scenarios' idle applications, PostgreSQL's own background
	 * processes, the kernel's work not charged to a process, other services on the machine
	 * @param idle idle, or waiting for I/O
	 * @param stolen taken by the hypervisor for other machines
	 * @param processors how many processors the machine has
	 */
	record MachineUse(double application, double database, double loadGenerator, double rest, double idle,
			double stolen, int processors) {

	}

	/**
	 * Throughput and latency percentiles, in milliseconds.
	 */
	record Stats(long requests, double rps, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
			double maxMs) {

		static Stats of(Histogram histogram, double seconds) {
			return new Stats(histogram.getTotalCount(), (seconds == 0) ? 0 : histogram.getTotalCount() / seconds,
					histogram.getMean() / 1000.0, histogram.getValueAtPercentile(50) / 1000.0,
					histogram.getValueAtPercentile(90) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
					histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0);
		}

	}

}
