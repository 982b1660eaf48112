package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads have used, read from Linux's {@code /proc}: the threads named
 * {@code C1 CompilerThread…} and {@code C2 CompilerThread…} (HotSpot's names, which the kernel cuts to 15
 * characters), each thread's time on the CPU from its {@code schedstat}, in nanoseconds.
 * <p>
 * HotSpot starts and stops compiler threads as its queue grows and shrinks; the time of a thread that ended between
 * two readings is lost, so a difference of two readings can only be too low, never too high.
 */
final class JitCompilerThreads {

	private static final Path PROC = Path.of("/proc");

	private JitCompilerThreads() {
	}

	/**
	 * Returns the CPU the compiler threads of a process have used so far.
	 * @param pid the JVM's process id
	 * @return nanoseconds, or {@code -1} where {@code /proc} cannot tell (not Linux, or the process has ended)
	 */
	static long cpuNanos(long pid) {
		return cpuNanos(PROC, pid);
	}

	static long cpuNanos(Path proc, long pid) {
		Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
		if (!Files.isDirectory(tasks)) {
			return -1;
		}
		long total = 0;
		try (Stream<Path> threads = Files.list(tasks)) {
			for (Path thread : (Iterable<Path>) threads::iterator) {
				total += compilerThreadNanos(thread);
			}
		}
		catch (IOException ex) {
			return -1;
		}
		return total;
	}

	/** A thread's time on the CPU if it is a compiler thread, else 0; 0 too if it ended while being read. */
	private static long compilerThreadNanos(Path thread) {
		try {
			String name = Files.readString(thread.resolve("comm")).strip();
			if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
				return 0;
			}
			// schedstat: time on the CPU (ns), time waiting to run (ns), time slices
			String schedstat = Files.readString(thread.resolve("schedstat")).strip();
			int end = schedstat.indexOf(' ');
			return Long.parseLong((end < 0) ? schedstat : schedstat.substring(0, end));
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

}
