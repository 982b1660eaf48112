package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Judges what operations saw and did against the model, and keeps the verdicts.
 * <p>
 * A <em>leak</em> is a read that returns any row not owned by the tenant it ran as (or any row at all with no
 * tenant bound), or a write that changed, added or removed rows of a tenant other than the one it ran as. A
 * row is owned by tenant T when its {@code tenant_id} is T and its name or title starts with {@code "T:"}, the
 * prefix every write of T uses, so a leaked row is recognised without any model. A <em>failure</em> is
 * anything else that is wrong: a missing or stale own row, an unexpected exception, an expected refusal that did
 * not come. Thread-safe.
 */
final class IsolationChecker {

	private static final int KEPT_FINDINGS = 500;

	private final List<Finding> findings = new ArrayList<>();

	private final AtomicInteger leaks = new AtomicInteger();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicLong rowsRead = new AtomicLong();

	private final Map<String, AtomicInteger> leaksByPath = new HashMap<>();

	private final Map<OperationKind.Path, AtomicInteger> operationsByPath = new EnumMap<>(OperationKind.Path.class);

	private final Map<OperationKind, Long> nanosByKind = new EnumMap<>(OperationKind.class);

	private final Map<OperationKind, Integer> countByKind = new EnumMap<>(OperationKind.class);

	private final long seed;

	IsolationChecker(long seed) {
		this.seed = seed;
	}

	/** Records that an operation ran, and how long it took, for the per-path counts of the summary. */
	void ran(Operation operation, long nanos) {
		synchronized (this.operationsByPath) {
			this.operationsByPath.computeIfAbsent(operation.kind().path(), (path) -> new AtomicInteger()).incrementAndGet();
			this.nanosByKind.merge(operation.kind(), nanos, Long::sum);
			this.countByKind.merge(operation.kind(), 1, Integer::sum);
		}
	}

	/** Mean milliseconds per operation, by kind, slowest first. */
	String timings() {
		synchronized (this.operationsByPath) {
			return this.nanosByKind.entrySet()
				.stream()
				.sorted(Map.Entry.<OperationKind, Long>comparingByValue().reversed())
				.map((entry) -> entry.getKey() + "=" + String.format(java.util.Locale.ROOT, "%.1f",
						entry.getValue() / 1e6 / this.countByKind.get(entry.getKey())) + "x" + this.countByKind.get(entry.getKey()))
				.toList()
				.toString();
		}
	}

	void leak(@Nullable Operation operation, String detail) {
		this.leaks.incrementAndGet();
		String path = path(operation);
		synchronized (this.leaksByPath) {
			this.leaksByPath.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
		}
		keep(new Finding(Verdict.LEAK, describe(operation), path, detail));
	}

	void failure(@Nullable Operation operation, String detail) {
		this.failures.incrementAndGet();
		keep(new Finding(Verdict.FAILURE, describe(operation), path(operation), detail));
	}

	/**
	 * Checks boards a read returned to {@code tenant} against the boards it expects.
	 * @return whether the read was exactly right
	 */
	boolean boards(Operation operation, String tenant, Collection<BoardRow> actual, Collection<BoardRow> expected) {
		return rows(operation, tenant, "board", actual, expected, BoardRow::id,
				(row) -> owned(tenant, row.tenantId(), row.name()));
	}

	boolean cards(Operation operation, String tenant, Collection<CardRow> actual, Collection<CardRow> expected) {
		return rows(operation, tenant, "card", actual, expected, CardRow::id,
				(row) -> owned(tenant, row.tenantId(), row.title()));
	}

	/**
	 * Checks a count a read returned: more than expected is a leak (another tenant's rows were counted), fewer a
	 * failure.
	 */
	boolean count(Operation operation, String what, long actual, long expected) {
		if (actual > expected) {
			leak(operation, what + ": counted " + actual + ", the tenant has " + expected);
			return false;
		}
		if (actual < expected) {
			failure(operation, what + ": counted " + actual + ", the tenant has " + expected);
			return false;
		}
		return true;
	}

	/** Checks that work with no tenant bound saw no rows at all. */
	boolean nothing(Operation operation, String what, Collection<?> rows) {
		if (!rows.isEmpty()) {
			leak(operation, what + " with no tenant bound returned " + rows.size() + " rows: " + first(rows));
			return false;
		}
		return true;
	}

	static boolean owned(String tenant, String rowTenant, String label) {
		return tenant.equals(rowTenant) && label.startsWith(tenant + ":");
	}

	private <R> boolean rows(Operation operation, String tenant, String what, Collection<R> actual,
			Collection<R> expected, Function<R, UUID> id, java.util.function.Predicate<R> owned) {
		this.rowsRead.addAndGet(actual.size());
		List<R> foreign = actual.stream().filter(owned.negate()).toList();
		if (!foreign.isEmpty()) {
			leak(operation, foreign.size() + " " + what + " row(s) of other tenants returned to " + tenant + ": "
					+ first(foreign));
			return false;
		}
		Map<UUID, R> wanted = new HashMap<>();
		expected.forEach((row) -> wanted.put(id.apply(row), row));
		Set<UUID> seen = new HashSet<>();
		List<String> problems = new ArrayList<>();
		for (R row : actual) {
			UUID rowId = id.apply(row);
			if (!seen.add(rowId)) {
				problems.add("returned twice " + row);
			}
			else if (!wanted.containsKey(rowId)) {
				problems.add("unexpected " + row);
			}
			else if (!wanted.get(rowId).equals(row)) {
				problems.add("stale " + row + ", expected " + wanted.get(rowId));
			}
		}
		wanted.keySet()
			.stream()
			.filter((key) -> !seen.contains(key))
			.forEach((key) -> problems.add("missing " + wanted.get(key)));
		if (!problems.isEmpty()) {
			failure(operation, what + " rows of " + tenant + " not as expected: " + first(problems));
			return false;
		}
		return true;
	}

	private static String first(Collection<?> items) {
		List<String> shown = items.stream().limit(3).map(String::valueOf).toList();
		return shown + ((items.size() > 3) ? " and " + (items.size() - 3) + " more" : "");
	}

	private static String path(@Nullable Operation operation) {
		return (operation != null) ? operation.kind().path().name() : "RECONCILIATION";
	}

	private static String describe(@Nullable Operation operation) {
		return (operation != null) ? operation.toString() : "privileged reconciliation";
	}

	private void keep(Finding finding) {
		synchronized (this.findings) {
			if (this.findings.size() < KEPT_FINDINGS) {
				this.findings.add(finding);
			}
		}
	}

	/** How many rows reads returned and were checked row by row: a run whose reads return nothing proves little. */
	long rowsRead() {
		return this.rowsRead.get();
	}

	int leaks() {
		return this.leaks.get();
	}

	int failures() {
		return this.failures.get();
	}

	Map<String, Integer> leaksByPath() {
		Map<String, Integer> copy = new HashMap<>();
		synchronized (this.leaksByPath) {
			this.leaksByPath.forEach((path, count) -> copy.put(path, count.get()));
		}
		return copy;
	}

	Map<OperationKind.Path, Integer> operationsByPath() {
		Map<OperationKind.Path, Integer> copy = new EnumMap<>(OperationKind.Path.class);
		synchronized (this.operationsByPath) {
			this.operationsByPath.forEach((path, count) -> copy.put(path, count.get()));
		}
		return copy;
	}

	List<Finding> findings() {
		synchronized (this.findings) {
			return List.copyOf(this.findings);
		}
	}

	/** The first findings, one per line, each with the seed that replays it. */
	String report(int limit) {
		StringBuilder report = new StringBuilder();
		findings().stream().limit(limit).forEach((finding) -> report.append("  ")
			.append(finding.verdict())
			.append(" at ")
			.append(finding.operation())
			.append(" path=")
			.append(finding.path())
			.append(" seed=")
			.append(this.seed)
			.append(": ")
			.append(finding.detail())
			.append('\n'));
		return report.toString();
	}

	enum Verdict {

		LEAK, FAILURE

	}

	/**
	 * One verdict.
	 * @param verdict leak or failure
	 * @param operation the operation, as printed
	 * @param path its access path
	 * @param detail what was wrong
	 */
	record Finding(Verdict verdict, String operation, String path, String detail) {

	}

}
