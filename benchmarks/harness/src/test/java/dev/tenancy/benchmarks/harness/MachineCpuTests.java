package dev.tenancy.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The machine's counters are read from {@code /proc/stat} as the kernel writes them, and what a slice of load took
 * of the machine adds up to its processors.
 */
class MachineCpuTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void readTheKernelsCountersAndCountTheProcessors() {
		MachineCpu.Sample sample = MachineCpu.parse(List.of("cpu  5779 1 4336 49730 327 2 166 9 0 0",
				"cpu0 2528 0 1807 25756 13 0 64 4 0 0", "cpu1 3250 1 2529 23974 314 2 102 5 0 0", "intr 1 2 3"),
				7, 100);

		assertThat(sample).isEqualTo(new MachineCpu.Sample(7, 5779 + 1 + 4336 + 2 + 166, 49730 + 327, 9, 100, 2));
	}

	@Test
	void readThisMachinesCounters() {
		assumeTrue(Files.isReadable(Path.of("/proc/stat")), "Linux only");

		MachineCpu.Sample sample = MachineCpu.sample();

		assertThat(sample).isNotNull();
		assertThat(sample.processors()).isPositive();
		assertThat(sample.busyTicks() + sample.idleTicks()).isPositive();
		assertThat(sample.harnessNanos()).isPositive();
	}

	@Test
	void refuseLinesThatAreNotTheKernels() {
		assertThat(MachineCpu.parse(List.of(), 0, 0)).isNull();
		assertThat(MachineCpu.parse(List.of("intr 1 2 3"), 0, 0)).isNull();
		assertThat(MachineCpu.parse(List.of("cpu  1 2 3"), 0, 0)).isNull();
	}

	@Test
	void splitASliceOfLoadIntoWhatEachPartTookOfTheMachine() {
		// two processors for ten seconds: 2,000 ticks, 1,500 busy, 400 idle, 100 stolen
		MachineCpu.Usage usage = new MachineCpu.Sample(10 * SECOND, 1_500, 400, 100, 3 * SECOND, 2)
			.since(new MachineCpu.Sample(0, 0, 0, 0, 0, 2));
		PhaseResult result = Slices.ofOneSecond(1_000);
		// the application 8 s of CPU, its backends 4 s: 0.8 and 0.4 processors
		result.addCpu(8 * SECOND, 4 * SECOND);
		result.addMachine(usage);

		PhaseResult.MachineUse use = result.machineUse();

		assertThat(use).isNotNull();
		assertThat(use.application()).isCloseTo(0.8, within(1e-9));
		assertThat(use.database()).isCloseTo(0.4, within(1e-9));
		assertThat(use.loadGenerator()).isCloseTo(0.3, within(1e-9));
		assertThat(use.rest()).isCloseTo(0.0, within(1e-9));
		assertThat(use.idle()).isCloseTo(0.4, within(1e-9));
		assertThat(use.stolen()).isCloseTo(0.1, within(1e-9));
		assertThat(use.application() + use.database() + use.loadGenerator() + use.rest() + use.idle() + use.stolen())
			.isCloseTo(2.0, within(1e-9));
	}

	@Test
	void addSlicesUpBeforeSplitting() {
		PhaseResult merged = new PhaseResult();
		for (int slice = 0; slice < 2; slice++) {
			PhaseResult result = Slices.ofOneSecond(1_000);
			result.addCpu(SECOND, SECOND / 2);
			// the first slice idle half the time, the second not at all
			result.addMachine(new MachineCpu.Usage(SECOND, 100 + 100 * slice, 100 - 100 * slice, 0, SECOND / 4, 2));
			merged.merge(result);
		}

		PhaseResult.MachineUse use = merged.machineUse();

		assertThat(use).isNotNull();
		assertThat(use.idle()).isCloseTo(0.5, within(1e-9));
		assertThat(use.application()).isCloseTo(1.0, within(1e-9));
		assertThat(use.rest()).isCloseTo(1.5 - 1.0 - 0.5 - 0.25, within(1e-9));
	}

	@Test
	void sayNothingWhenAnyPartCouldNotBeRead() {
		PhaseResult noCounters = Slices.ofOneSecond(1_000);
		noCounters.addCpu(SECOND, SECOND);
		noCounters.addMachine(new MachineCpu.Usage(SECOND, 100, 100, 0, 1, 2));
		noCounters.addMachine(null);
		PhaseResult noBackends = Slices.ofOneSecond(1_000);
		noBackends.addCpu(SECOND, -1);
		noBackends.addMachine(new MachineCpu.Usage(SECOND, 100, 100, 0, 1, 2));
		PhaseResult noHarness = Slices.ofOneSecond(1_000);
		noHarness.addCpu(SECOND, SECOND);
		noHarness.addMachine(new MachineCpu.Usage(SECOND, 100, 100, 0, -1, 2));

		assertThat(noCounters.machineUse()).isNull();
		assertThat(noBackends.machineUse()).isNull();
		assertThat(noHarness.machineUse()).isNull();
		assertThat(Slices.ofOneSecond(1_000).machineUse()).isNull();
	}

}
