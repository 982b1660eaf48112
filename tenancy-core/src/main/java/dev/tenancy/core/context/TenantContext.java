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
 * or another, is read-only too, so neither a nested scope nor Hibernate's own binding can undo it.
 * <p>
 * The tenant travels to other threads through Micrometer context-propagation
 * ({@link TenantThreadLocalAccessor}) and Spring's {@code ContextPropagatingTaskDecorator}.
 */
public final class TenantContext {

	/** The MDC key under which the bound tenant id is logged. */
	public static final String MDC_KEY = "tenantId";

	private static final ThreadLocal<@Nullable TenantAccess> CURRENT = new ThreadLocal<>();

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
		TenantAccess access = CURRENT.get();
		return (access != null) ? Optional.of(access.tenantId()) : Optional.empty();
	}

	/**
	 * Returns the tenant bound to this thread and whether the work may only read its data.
	 * @return the access, or empty outside a tenant scope
	 */
	public static Optional<TenantAccess> access() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Returns whether the work on this thread may only read its tenant's data.
	 * @return {@code true} inside a read-only scope; {@code false} otherwise, also with no tenant bound
	 */
	public static boolean isReadOnly() {
		TenantAccess access = CURRENT.get();
		return access != null && access.readOnly();
	}

	/**
	 * Returns the tenant bound to this thread.
	 * @return the tenant
	 * @throws MissingTenantException outside a tenant scope
	 */
	public static TenantId require() {
		TenantAccess access = CURRENT.get();
		if (access == null) {
			throw new MissingTenantException();
		}
		return access.tenantId();
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
		TenantAccess previous = CURRENT.get();
		boolean stillReadOnly = readOnly || (previous != null && previous.readOnly());
		set((tenantId != null) ? new TenantAccess(tenantId, stillReadOnly) : null);
		return new Binding(previous);
	}

	/**
	 * Removes the tenant bound to this thread, with no binding to restore it, for framework code that finds a
	 * tenant left bound by earlier work on a pooled thread (a binding never closed) where none may be.
	 * Application code never needs it: scopes and bindings restore what was there before them.
	 */
	public static void clear() {
		set(null);
	}

	static void set(@Nullable TenantAccess access) {
		if (access == null) {
			CURRENT.remove();
			MDC.remove(MDC_KEY);
		}
		else {
			CURRENT.set(access);
			MDC.put(MDC_KEY, access.tenantId().value());
		}
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

		private final @Nullable TenantAccess previous;

		private Binding(@Nullable TenantAccess previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			set(this.previous);
		}

	}

}
