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
 * The tenant travels to other threads through Micrometer context-propagation
 * ({@link TenantThreadLocalAccessor}) and Spring's {@code ContextPropagatingTaskDecorator}.
 */
public final class TenantContext {

	/** The MDC key under which the bound tenant id is logged. */
	public static final String MDC_KEY = "tenantId";

	private static final ThreadLocal<@Nullable TenantId> CURRENT = new ThreadLocal<>();

	private TenantContext() {
	}

	/**
	 * Returns a scope that binds the given tenant.
	 * @param tenantId the tenant to bind
	 * @return the scope; nothing is bound until it runs work
	 */
	public static Scope where(TenantId tenantId) {
		return new Scope(Objects.requireNonNull(tenantId, "tenantId must not be null"));
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
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Returns the tenant bound to this thread.
	 * @return the tenant
	 * @throws MissingTenantException outside a tenant scope
	 */
	public static TenantId require() {
		TenantId tenantId = CURRENT.get();
		if (tenantId == null) {
			throw new MissingTenantException();
		}
		return tenantId;
	}

	/**
	 * Binds the tenant until the returned binding is closed, for framework code that cannot pass a lambda
	 * (filters, propagation). Application code should prefer {@link #where(TenantId)}.
	 * @param tenantId the tenant to bind, or {@code null} to bind none
	 * @return a binding whose {@code close()} restores the previous tenant
	 */
	public static Binding bind(@Nullable TenantId tenantId) {
		TenantId previous = CURRENT.get();
		set(tenantId);
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

	static void set(@Nullable TenantId tenantId) {
		if (tenantId == null) {
			CURRENT.remove();
			MDC.remove(MDC_KEY);
		}
		else {
			CURRENT.set(tenantId);
			MDC.put(MDC_KEY, tenantId.value());
		}
	}

	/**
	 * Work to run with a tenant bound.
	 */
	public static final class Scope {

		private final TenantId tenantId;

		private Scope(TenantId tenantId) {
			this.tenantId = tenantId;
		}

		/**
		 * Runs the work with the tenant bound, then restores the previous binding.
		 * @param work the work
		 */
		public void run(Runnable work) {
			try (Binding binding = bind(this.tenantId)) {
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
			try (Binding binding = bind(this.tenantId)) {
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
			try (Binding binding = bind(this.tenantId)) {
				return work.get();
			}
		}

	}

	/**
	 * An open binding; closing it restores the tenant bound before it.
	 */
	public static final class Binding implements AutoCloseable {

		private final @Nullable TenantId previous;

		private Binding(@Nullable TenantId previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			set(this.previous);
		}

	}

}
