package dev.tenancy.core.context;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The tenant the current thread works for.
 * <p>
 * A tenant is bound for a scope only: {@code TenantContext.where(id).run(...)} binds it, runs the work and
 * restores whatever was bound before, also when the work throws. Nothing is left behind on a pooled thread.
 * Binding also puts the tenant id into the logging MDC under {@link #MDC_KEY}.
 * <p>
 * Work may be bound read-only ({@link Scope#readOnly()}): the connection layer then makes its transactions
 * read-only in PostgreSQL. Read-only is never widened from inside: a tenant bound within read-only work, the same
 * or another, is read-only too, also after binding no tenant in between, so neither a nested scope nor
 * Hibernate's own binding can undo it. Only {@link #clear()}, for framework code, ends it early.
 * <p>
 * The tenant travels to other threads through Micrometer context-propagation
 * ({@link TenantThreadLocalAccessor}) and Spring's {@code ContextPropagatingTaskDecorator}.
 */
public final class TenantContext {

	/** The MDC key under which the bound tenant id is logged. */
	public static final String MDC_KEY = "tenantId";

	/** What is bound: nothing (read-write work with no tenant), or a tenant or none with the work's access. */
	private static final ThreadLocal<@Nullable Bound> CURRENT = new ThreadLocal<>();

	private TenantContext() {
	}

	/**
	 * Returns a scope that binds the given tenant.
	 * @param tenantId the tenant to bind
	 * @return the scope; nothing is bound until it runs work
	 */
	public static Scope where(TenantId tenantId) {
		return new Scope(Objects.requireNonNull(tenantId, "tenantId must not be null"), false);
	}

	/**
	 * Returns a scope that binds the given tenant.
	 * @param tenantId the tenant id, validated against {@link TenantId#PATTERN}
	 * @return the scope
	 */
	public static Scope where(String tenantId) {
		return where(TenantId.of(tenantId));
	}

	/**
	 * Returns the tenant bound to this thread, if any.
	 * @return the tenant, or empty outside a tenant scope
	 */
	public static Optional<TenantId> current() {
		Bound bound = CURRENT.get();
		return (bound != null) ? Optional.ofNullable(bound.tenantId()) : Optional.empty();
	}

	/**
	 * Returns the tenant bound to this thread and whether the work may only read its data.
	 * @return the access, or empty outside a tenant scope
	 */
	public static Optional<TenantAccess> access() {
		Bound bound = CURRENT.get();
		TenantId tenantId = (bound != null) ? bound.tenantId() : null;
		return (tenantId != null) ? Optional.of(new TenantAccess(tenantId, bound.readOnly())) : Optional.empty();
	}

	/**
	 * Returns whether the work on this thread may only read tenants' data.
	 * @return {@code true} inside a read-only scope, also where no tenant is bound within it
	 */
	public static boolean isReadOnly() {
		Bound bound = CURRENT.get();
		return bound != null && bound.readOnly();
	}

	/**
	 * Returns the tenant bound to this thread.
	 * @return the tenant
	 * @throws MissingTenantException outside a tenant scope
	 */
	public static TenantId require() {
		Bound bound = CURRENT.get();
		TenantId tenantId = (bound != null) ? bound.tenantId() : null;
		if (tenantId == null) {
			throw new MissingTenantException();
		}
		return tenantId;
	}

	/**
	 * Binds the tenant until the returned binding is closed, for framework code that cannot pass a lambda
	 * (filters, propagation). Application code should prefer {@link #where(TenantId)}.
	 * Within read-only work the tenant is bound read-only.
	 * @param tenantId the tenant to bind, or {@code null} to bind none
	 * @return a binding whose {@code close()} restores the previous tenant
	 */
	public static Binding bind(@Nullable TenantId tenantId) {
		return bind(tenantId, false);
	}

	/**
	 * Binds the tenant until the returned binding is closed, read-only if asked or if the work is read-only
	 * already, for framework code that cannot pass a lambda.
	 * @param tenantId the tenant to bind, or {@code null} to bind none
	 * @param readOnly whether the work may only read the tenant's data
	 * @return a binding whose {@code close()} restores what was bound before
	 */
	public static Binding bind(@Nullable TenantId tenantId, boolean readOnly) {
		Bound previous = CURRENT.get();
		boolean stillReadOnly = readOnly || (previous != null && previous.readOnly());
		set((tenantId != null || stillReadOnly) ? new Bound(tenantId, stillReadOnly) : null);
		return new Binding(previous);
	}

	/**
	 * Removes the tenant bound to this thread, and read-only with it, with no binding to restore them, for
	 * framework code that finds a tenant left bound by earlier work on a pooled thread (a binding never closed)
	 * where none may be. Application code never needs it: scopes and bindings restore what was there before them.
	 */
	public static void clear() {
		set(null);
	}

	/** Returns what is bound, for context propagation to take to another thread. */
	static @Nullable Bound bound() {
		return CURRENT.get();
	}

	static void set(@Nullable Bound bound) {
		if (bound == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(bound);
		}
		TenantId tenantId = (bound != null) ? bound.tenantId() : null;
		if (tenantId == null) {
			MDC.remove(MDC_KEY);
		}
		else {
			MDC.put(MDC_KEY, tenantId.value());
		}
	}

	/**
	 * What work on a thread is bound to: a tenant, or none, and whether it may only read; within read-only work even
	 * binding no tenant keeps it read-only.
	 */
	record Bound(@Nullable TenantId tenantId, boolean readOnly) {

	}

	/**
	 * Work to run with a tenant bound.
	 */
	public static final class Scope {

		private final TenantId tenantId;

		private final boolean readOnly;

		private Scope(TenantId tenantId, boolean readOnly) {
			this.tenantId = tenantId;
			this.readOnly = readOnly;
		}

		/**
		 * Returns a scope that binds the same tenant for reading only: the connection layer makes the work's
		 * transactions read-only, so PostgreSQL refuses its writes.
		 * @return the read-only scope
		 */
		public Scope readOnly() {
			return new Scope(this.tenantId, true);
		}

		/**
		 * Runs the work with the tenant bound, then restores the previous binding.
		 * @param work the work
		 */
		public void run(Runnable work) {
			try (Binding binding = bind(this.tenantId, this.readOnly)) {
				work.run();
			}
		}

		/**
		 * Calls the work with the tenant bound, then restores the previous binding.
		 * @param <T> the result type
		 * @param work the work
		 * @return what the work returned
		 * @throws Exception whatever the work threw
		 */
		public <T> T call(Callable<T> work) throws Exception {
			try (Binding binding = bind(this.tenantId, this.readOnly)) {
				return work.call();
			}
		}

		/**
		 * Like {@link #call(Callable)} for work that throws no checked exception.
		 * @param <T> the result type
		 * @param work the work
		 * @return what the work returned
		 */
		public <T> T get(java.util.function.Supplier<T> work) {
			try (Binding binding = bind(this.tenantId, this.readOnly)) {
				return work.get();
			}
		}

	}

	/**
	 * An open binding; closing it restores the tenant bound before it.
	 */
	public static final class Binding implements AutoCloseable {

		private final @Nullable Bound previous;

		private Binding(@Nullable Bound previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			set(this.previous);
		}

	}

}
