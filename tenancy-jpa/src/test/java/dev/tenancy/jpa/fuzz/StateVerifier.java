package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.tenancy.core.Placement;
import org.jspecify.annotations.Nullable;

/**
 * Compares the database, seen as the superuser, with the model: after each write, the rows of the tenant that
 * wrote and of the tenant it aimed at; at every reconciliation, every row in every place.
 * <p>
 * A row outside its tenant's place, or whose name prefix names another tenant than its {@code tenant_id}, is a
 * leak wherever it is found. A tenant's own rows differing from its model are a leak when another tenant's
 * operation caused it (the tenant was attacked, or a reconciliation found it: every own write is verified
 * at once), and a failure otherwise. Each difference is reported once: the model then follows the database.
 */
final class StateVerifier {

	private final FuzzTopology topology;

	private final SuperuserView view;

	private final Map<String, TenantModel> models;

	private final IsolationChecker checker;

	private final Set<String> reported = new HashSet<>();

	StateVerifier(FuzzTopology topology, SuperuserView view, Map<String, TenantModel> models, IsolationChecker checker) {
		this.topology = topology;
		this.view = view;
		this.models = models;
		this.checker = checker;
	}

	/**
	 * Verifies one tenant's place after an operation.
	 * @param operation the operation
	 * @param model the tenant's model
	 * @param attacked whether the operation ran as another tenant, so that any difference is a leak
	 * @return whether everything matched
	 */
	boolean verify(Operation operation, TenantModel model, boolean attacked) {
		FuzzTenant tenant = model.tenant();
		boolean dedicated = tenant.placement() != Placement.SHARED;
		List<BoardRow> boards = this.view.boards(tenant.location(), dedicated ? null : tenant.id());
		List<CardRow> cards = this.view.cards(tenant.location(), dedicated ? null : tenant.id());
		boolean clean = misplaced(operation, tenant.location(), boards, cards);
		clean &= matches(operation, model, own(tenant.id(), boards, cards), attacked);
		return clean;
	}

	/**
	 * Verifies every row of every place against every model; run while no operation runs.
	 * @param initial whether this is the check right after seeding, where a difference is a failure of the
	 * seeding rather than a leak
	 */
	void reconcile(boolean initial) {
		Map<String, List<BoardRow>> boardsByTenant = new LinkedHashMap<>();
		Map<String, List<CardRow>> cardsByTenant = new LinkedHashMap<>();
		for (FuzzTenant.Location location : this.topology.locations()) {
			List<BoardRow> boards = this.view.boards(location, null);
			List<CardRow> cards = this.view.cards(location, null);
			misplaced(null, location, boards, cards);
			boards.stream()
				.filter((row) -> belongsHere(location, row.tenantId()))
				.forEach((row) -> boardsByTenant.computeIfAbsent(row.tenantId(), (key) -> new ArrayList<>()).add(row));
			cards.stream()
				.filter((row) -> belongsHere(location, row.tenantId()))
				.forEach((row) -> cardsByTenant.computeIfAbsent(row.tenantId(), (key) -> new ArrayList<>()).add(row));
		}
		for (TenantModel model : this.models.values()) {
			String id = model.id();
			Own own = own(id, boardsByTenant.getOrDefault(id, List.of()), cardsByTenant.getOrDefault(id, List.of()));
			matches(null, model, own, !initial);
		}
	}

	/** Reports rows in a place that hold another tenant's data or carry another tenant's mark. */
	private boolean misplaced(@Nullable Operation operation, FuzzTenant.Location location, List<BoardRow> boards,
			List<CardRow> cards) {
		List<String> problems = new ArrayList<>();
		for (BoardRow row : boards) {
			check(location, row.tenantId(), row.id(), row.name(), row.toString(), problems);
		}
		for (CardRow row : cards) {
			check(location, row.tenantId(), row.id(), row.title(), row.toString(), problems);
		}
		if (problems.isEmpty()) {
			return true;
		}
		this.checker.leak(operation, "rows written across tenants at " + location + ": " + problems);
		return false;
	}

	private void check(FuzzTenant.Location location, String tenantId, UUID id, String label, String row,
			List<String> problems) {
		String writer = label.substring(0, Math.max(0, label.indexOf(':')));
		boolean wrong = !belongsHere(location, tenantId) || !writer.equals(tenantId);
		if (wrong && remember(location + "/" + tenantId + "/" + id + "/" + label)) {
			problems.add(row + (belongsHere(location, tenantId) ? " (written by " + writer + ")" : " (not placed here)"));
		}
	}

	private boolean belongsHere(FuzzTenant.Location location, String tenantId) {
		TenantModel model = this.models.get(tenantId);
		return model != null && model.tenant().location().equals(location);
	}

	private boolean matches(@Nullable Operation operation, TenantModel model, Own own, boolean leakIfDifferent) {
		List<String> problems = new ArrayList<>();
		compare("board", model.boards(), own.boards(), BoardRow::id, problems);
		compare("card", model.cards(), own.cards(), CardRow::id, problems);
		if (problems.isEmpty()) {
			return true;
		}
		String detail = "rows of " + model.id() + " differ from its model: " + problems.stream().limit(4).toList()
				+ ((problems.size() > 4) ? " and " + (problems.size() - 4) + " more" : "");
		if (leakIfDifferent) {
			this.checker.leak(operation, ((operation != null) ? "" : "changed by someone else since its last verified write; ")
					+ detail);
		}
		else {
			this.checker.failure(operation, detail);
		}
		model.resync(own.boards(), own.cards());
		return false;
	}

	private static <R> void compare(String what, Collection<R> expected, Collection<R> actual, Function<R, UUID> id,
			List<String> problems) {
		Map<UUID, R> wanted = new LinkedHashMap<>();
		expected.forEach((row) -> wanted.put(id.apply(row), row));
		Set<UUID> seen = new HashSet<>();
		for (R row : actual) {
			R expectedRow = wanted.get(id.apply(row));
			seen.add(id.apply(row));
			if (expectedRow == null) {
				problems.add("extra " + row);
			}
			else if (!expectedRow.equals(row)) {
				problems.add(what + " now " + row + ", expected " + expectedRow);
			}
		}
		wanted.forEach((key, row) -> {
			if (!seen.contains(key)) {
				problems.add("missing " + row);
			}
		});
	}

	private static Own own(String tenant, List<BoardRow> boards, List<CardRow> cards) {
		return new Own(boards.stream().filter((row) -> IsolationChecker.owned(tenant, row.tenantId(), row.name())).toList(),
				cards.stream().filter((row) -> IsolationChecker.owned(tenant, row.tenantId(), row.title())).toList());
	}

	private synchronized boolean remember(String key) {
		return this.reported.add(key);
	}

	/** A tenant's own rows: its id and its mark. */
	private record Own(List<BoardRow> boards, List<CardRow> cards) {

	}

}
