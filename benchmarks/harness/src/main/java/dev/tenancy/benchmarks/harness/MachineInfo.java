package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the run ran on: cores, memory, CPU model, operating system, JDK, PostgreSQL and the commit.
 *
 * @param cores available processors
 * @param memoryGib physical memory
 * @param cpu CPU model name
 * @param os operating system and kernel
 * @param jdk the JDK running harness and application
 * @param postgresql the PostgreSQL server's version and main settings
 * @param commit the checked-out commit
 * @param dirty whether the work tree had changes outside benchmarks/results
 */
record MachineInfo(int cores, double memoryGib, String cpu, String os, String jdk, String postgresql, String commit,
		boolean dirty) {

	static MachineInfo collect(String postgresql) {
		double memory = 0;
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			memory = os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
		}
		String status = git("status", "--porcelain", "--", ".", ":(exclude)benchmarks/results");
		return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, cpuModel(),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), postgresql,
				git("rev-parse", "HEAD"), !status.isBlank() && !status.equals("unknown"));
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String git(String... arguments) {
		try {
			List<String> command = new java.util.ArrayList<>(List.of("git"));
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes()).trim();
			return (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) ? output : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

}
