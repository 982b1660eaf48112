package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;

/**
 * What operations share: the application, the topology, the models, the checker and the verifier, and the
 * small steps every operation takes (run as a tenant in a transaction, attempt something that should be
 * refused, verify).
 */
final class FuzzContext {

	final FuzzApplication app;

	final FuzzTopology topology;

	final FuzzVariant variant;

	final Map<String, TenantModel> models;

	final IsolationChecker checker;

	final StateVerifier verifier;

	final SuperuserView view;

	FuzzContext(FuzzApplication app, FuzzTopology topology, FuzzVariant variant, Map<String, TenantModel> models,
			IsolationChecker checker, StateVerifier verifier, SuperuserView view) {
		this.app = app;
		this.topology = topology;
		this.variant = variant;
		this.models = models;
		this.checker = checker;
		this.verifier = verifier;
		this.view = view;
	}

	TenantModel self(Operation operation) {
		return this.models.get(Objects.requireNonNull(operation.tenant(), "operation runs with no tenant"));
	}

	TenantModel other(Operation operation) {
		return this.models.get(operation.other());
	}

	/** Runs work as the operation's tenant, in one transaction. */
	<T> T inTransaction(Operation operation, Supplier<T> work) {
		return TenantContext.where(Objects.requireNonNull(operation.tenant()))
			.get(() -> this.app.tx.execute((status) -> work.get()));
	}

	/** Runs work that is expected to be refused; returns what it threw, or {@code null} if it went through. */
	@Nullable Throwable attempt(Runnable work) {
		try {
			work.run();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** Verifies the operation's own tenant after a write. */
	boolean verifySelf(Operation operation) {
		return this.verifier.verify(operation, self(operation), false);
	}

	/** Verifies both the operation's tenant and the tenant it aimed at, after a write that aimed elsewhere. */
	boolean verifyBoth(Operation operation) {
		boolean self = this.verifier.verify(operation, self(operation), false);
		return this.verifier.verify(operation, other(operation), true) && self;
	}

	/** Distinct ids, nulls left out. */
	static List<UUID> ids(@Nullable UUID... ids) {
		List<UUID> distinct = new ArrayList<>();
		for (UUID id : ids) {
			if (id != null && !distinct.contains(id)) {
				distinct.add(id);
			}
		}
		return distinct;
	}

	static @Nullable UUID idOf(@Nullable BoardRow board) {
		return (board != null) ? board.id() : null;
	}

	/** A UUID drawn from the seed, so that ids the run invents replay too. */
	static UUID uuid(long a, long b) {
		return new UUID((a & ~0xF000L) | 0x4000L, (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
	}

	static String describe(@Nullable Throwable ex) {
		if (ex == null) {
			return "nothing was thrown";
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return ex.getClass().getSimpleName() + ((root != ex) ? " / " + root.getClass().getSimpleName() : "") + ": "
				+ root.getMessage();
	}

}
