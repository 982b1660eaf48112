package dev.tenancy.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JIT compiler threads' CPU is the sum over the threads HotSpot names {@code C1/C2 CompilerThread…}, read from
 * their {@code schedstat}; other threads do not count, and a process {@code /proc} does not know reads as unknown.
 */
class JitCompilerThreadsTests {

	@Test
	void addsUpTheCompilerThreadsAndNothingElse(@TempDir Path proc) throws IOException {
		thread(proc, 42, 1, "java", "900000000 5 7");
		thread(proc, 42, 2, "C2 CompilerThre", "3000000 10 2");
		thread(proc, 42, 3, "C1 CompilerThre", "250000 1 1");
		thread(proc, 42, 4, "G1 Conc#0", "700000 1 1");
		thread(proc, 42, 5, "http-nio-8080-e", "1200000 1 1");

		assertThat(JitCompilerThreads.cpuNanos(proc, 42)).isEqualTo(3_250_000L);
	}

	@Test
	void isUnknownForAProcessItCannotSee(@TempDir Path proc) {
		assertThat(JitCompilerThreads.cpuNanos(proc, 42)).isEqualTo(-1);
	}

	@Test
	void readsThisJvmsOwnCompilerThreadsOnLinux() {
		assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
		// the JVM running this test has compiled methods by now, on compiler threads that still exist
		assertThat(JitCompilerThreads.cpuNanos(ProcessHandle.current().pid())).isPositive();
	}

	private static void thread(Path proc, long pid, long tid, String name, String schedstat) throws IOException {
		Path thread = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
		Files.writeString(thread.resolve("comm"), name + "\n");
		Files.writeString(thread.resolve("schedstat"), schedstat + "\n");
	}

}
