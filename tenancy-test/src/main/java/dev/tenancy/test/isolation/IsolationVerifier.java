package dev.tenancy.test.isolation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.tenancy.core.TenantId;
import dev.tenancy.test.isolation.IsolationOperations.Update;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of one isolation assertion, in this order: counts before and after each tenant saves its rows
 * (each tenant first finding its rows by id, or nothing is checked), reads and listings both ways, changes both
 * ways, deletes both ways, then each tenant deletes its own rows.
 */
final class IsolationVerifier<ID> {

	private static final Logger logger = LoggerFactory.getLogger(IsolationVerifier.class);

	private final IsolationOperations<ID> operations;

	private final TenantId first;

	private final TenantId second;

	private final int rowsPerTenant;

	private final TenantSteps steps;

	private final IsolationFindings findings;

	IsolationVerifier(IsolationOperations<ID> operations, TenantId first, TenantId second, int rowsPerTenant,
			TenantSteps steps) {
		this.operations = operations;
		this.first = first;
		this.second = second;
		this.rowsPerTenant = rowsPerTenant;
		this.steps = steps;
		this.findings = new IsolationFindings(operations.name(), first, second);
	}

	void verify() {
		if (!this.steps.transactional() && SurroundingTransaction.isActive()) {
			throw new IllegalStateException("The isolation assertion for " + this.operations.name() + " runs inside "
					+ "a transaction, which every step would join under the tenant it began with. Give it its own: "
					+ ".inTransactions(transactionManager), or run it outside @Transactional.");
		}
		Map<TenantId, List<ID>> rows = new LinkedHashMap<>();
		Map<TenantId, Map<String, Long>> counts = new LinkedHashMap<>();
		counts.put(this.first, counts(this.first));
		counts.put(this.second, counts(this.second));
		for (TenantId owner : List.of(this.first, this.second)) {
			TenantId viewer = other(owner);
			rows.put(owner, saveRows(owner, this.rowsPerTenant));
			Map<String, Long> ownerAfter = counts(owner);
			Map<String, Long> viewerAfter = counts(viewer);
			checkCounts(owner, viewer, rows.get(owner), counts.get(owner), ownerAfter, counts.get(viewer), viewerAfter);
			counts.put(owner, ownerAfter);
			counts.put(viewer, viewerAfter);
		}
		for (TenantId owner : List.of(this.first, this.second)) {
			checkReads(owner, other(owner), rows.get(owner));
			checkListings(owner, other(owner), rows.get(owner));
		}
		for (TenantId owner : List.of(this.first, this.second)) {
			checkUpdates(owner, other(owner), rows.get(owner).get(0));
		}
		for (TenantId owner : List.of(this.first, this.second)) {
			checkDeletes(owner, other(owner));
		}
		RuntimeException cleanupFailure = cleanUp(rows);
		this.findings.throwIfAny(cleanupFailure);
		if (cleanupFailure != null) {
			throw new IllegalStateException("Isolation held for " + this.operations.name() + ", but deleting the rows "
					+ "it saved failed: " + cleanupFailure.getMessage(), cleanupFailure);
		}
	}

	private List<ID> saveRows(TenantId owner, int count) {
		List<ID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(saveRow(owner));
		}
		return ids;
	}

	/** Saves a row as its owner, then proves that the owner finds it: without that, no check means anything. */
	private ID saveRow(TenantId owner) {
		ID id = step(owner, "create", this.operations::create);
		if (id == null) {
			throw new IllegalStateException("Saving a row of " + this.operations.name() + " as '" + owner
					+ "' returned no id");
		}
		boolean found = step(owner, "findById(" + id + ")", () -> this.operations.findById(id));
		if (!found) {
			throw new AssertionError("Tenant isolation between '" + this.first + "' and '" + this.second
					+ "' cannot be checked for " + this.operations.name() + ": as '" + owner + "', findById(" + id
					+ ") does not find the row '" + owner + "' has just saved. A tenant that cannot see its own rows "
					+ "makes every \"not found\" from the other tenant meaningless. Is the tenant reaching the "
					+ "database? In the library's default connection mode it does so only inside a transaction: "
					+ "pass .inTransactions(transactionManager) when the operations do not begin one themselves.");
		}
		return id;
	}

	private Map<String, Long> counts(TenantId tenant) {
		Map<String, Long> values = new LinkedHashMap<>();
		for (Map.Entry<String, LongSupplier> count : this.operations.counts().entrySet()) {
			values.put(count.getKey(), step(tenant, count.getKey(), () -> count.getValue().getAsLong()));
		}
		return values;
	}

	private void checkCounts(TenantId owner, TenantId viewer, List<ID> saved, Map<String, Long> ownerBefore,
			Map<String, Long> ownerAfter, Map<String, Long> viewerBefore, Map<String, Long> viewerAfter) {
		for (String operation : this.operations.counts().keySet()) {
			long ownerRise = ownerAfter.get(operation) - ownerBefore.get(operation);
			if (ownerRise != saved.size()) {
				this.findings.uncheckable(operation, "as '" + owner + "', it went from " + ownerBefore.get(operation)
						+ " to " + ownerAfter.get(operation) + " when '" + owner + "' saved " + saved.size()
						+ " rows, so it does not count the tenant's own rows exactly");
			}
			if (!viewerAfter.get(operation).equals(viewerBefore.get(operation))) {
				this.findings.crossed(operation, viewer, owner, "as '" + viewer + "', it went from "
						+ viewerBefore.get(operation) + " to " + viewerAfter.get(operation) + " when '" + owner
						+ "' saved " + saved.size() + " rows " + saved);
			}
		}
	}

	private void checkReads(TenantId owner, TenantId viewer, List<ID> ownerRows) {
		for (Map.Entry<String, Predicate<ID>> read : this.operations.reads().entrySet()) {
			String operation = read.getKey();
			List<ID> missed = new ArrayList<>();
			List<ID> crossed = new ArrayList<>();
			for (ID id : ownerRows) {
				if (!step(owner, operation + "(" + id + ")", () -> read.getValue().test(id))) {
					missed.add(id);
				}
				if (step(viewer, operation + "(" + id + ")", () -> read.getValue().test(id))) {
					crossed.add(id);
				}
			}
			if (!missed.isEmpty()) {
				this.findings.uncheckable(operation, "as '" + owner + "', it does not find '" + owner
						+ "''s own rows " + missed);
			}
			if (!crossed.isEmpty()) {
				this.findings.crossed(operation, viewer, owner,
						"as '" + viewer + "', it found '" + owner + "''s rows " + crossed);
			}
		}
	}

	private void checkListings(TenantId owner, TenantId viewer, List<ID> ownerRows) {
		for (Map.Entry<String, Supplier<? extends Collection<ID>>> listing : this.operations.listings().entrySet()) {
			String operation = listing.getKey();
			Collection<ID> ownerSees = step(owner, operation, listing.getValue()::get);
			List<ID> missed = ownerRows.stream().filter((id) -> !ownerSees.contains(id)).toList();
			if (!missed.isEmpty()) {
				this.findings.uncheckable(operation, "as '" + owner + "', it does not return '" + owner
						+ "''s own rows " + missed);
			}
			Collection<ID> viewerSees = step(viewer, operation, listing.getValue()::get);
			List<ID> crossed = ownerRows.stream().filter(viewerSees::contains).toList();
			if (!crossed.isEmpty()) {
				this.findings.crossed(operation, viewer, owner,
						"as '" + viewer + "', it returned '" + owner + "''s rows " + crossed);
			}
		}
	}

	private void checkUpdates(TenantId owner, TenantId viewer, ID id) {
		for (Map.Entry<String, Update<ID>> update : this.operations.updates().entrySet()) {
			String operation = update.getKey();
			Update<ID> change = update.getValue();
			Object before = step(owner, "reading " + id, () -> change.state().apply(id));
			attempt(viewer, operation, id, () -> change.change().accept(id));
			Object after = step(owner, "reading " + id, () -> change.state().apply(id));
			if (!Objects.equals(before, after)) {
				this.findings.crossed(operation, viewer, owner, "as '" + viewer + "', changing '" + owner + "''s row "
						+ id + " changed what '" + owner + "' reads from " + describe(before) + " to "
						+ describe(after));
				continue;
			}
			step(owner, operation + "(" + id + ")", () -> {
				change.change().accept(id);
				return null;
			});
			Object changed = step(owner, "reading " + id, () -> change.state().apply(id));
			if (Objects.equals(before, changed)) {
				this.findings.uncheckable(operation, "as '" + owner + "', changing its own row " + id
						+ " left what it reads at " + describe(before));
			}
		}
	}

	private void checkDeletes(TenantId owner, TenantId viewer) {
		for (Map.Entry<String, Consumer<ID>> delete : this.operations.deletes().entrySet()) {
			String operation = delete.getKey();
			ID id = saveRow(owner);
			attempt(viewer, operation, id, () -> delete.getValue().accept(id));
			if (!step(owner, "findById(" + id + ")", () -> this.operations.findById(id))) {
				this.findings.crossed(operation, viewer, owner, "as '" + viewer + "', " + operation + " on '" + owner
						+ "''s row " + id + " removed it: '" + owner + "' no longer finds it");
				continue;
			}
			step(owner, operation + "(" + id + ")", () -> {
				delete.getValue().accept(id);
				return null;
			});
			if (step(owner, "findById(" + id + ")", () -> this.operations.findById(id))) {
				this.findings.uncheckable(operation, "as '" + owner + "', " + operation + " on its own row " + id
						+ " does not remove it");
			}
		}
	}

	private @Nullable RuntimeException cleanUp(Map<TenantId, List<ID>> rows) {
		Map.Entry<String, Consumer<ID>> delete = this.operations.deletes().entrySet().stream().findFirst().orElse(null);
		if (delete == null) {
			return null;
		}
		try {
			rows.forEach((owner, ids) -> ids.forEach((id) -> step(owner, delete.getKey() + "(" + id + ")", () -> {
				delete.getValue().accept(id);
				return null;
			})));
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** A write as the other tenant: refusing it, by throwing, is one way of keeping isolation. */
	private void attempt(TenantId viewer, String operation, ID id, Runnable write) {
		try {
			this.steps.run(viewer, () -> {
				write.run();
				return null;
			});
		}
		catch (RuntimeException ex) {
			logger.debug("As '{}', {}({}) on another tenant's row was refused: {}", viewer, operation, id, ex.toString());
		}
	}

	private <R> R step(TenantId tenant, String what, Supplier<R> work) {
		try {
			return this.steps.run(tenant, work);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("As '" + tenant + "', " + what + " on " + this.operations.name()
					+ " failed: " + ex.getMessage(), ex);
		}
	}

	private TenantId other(TenantId tenant) {
		return tenant.equals(this.first) ? this.second : this.first;
	}

	private static String describe(@Nullable Object state) {
		return (state != null) ? "\"" + state + "\"" : "nothing (the row is gone)";
	}

}
