package dev.tenancy.core.context;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation capture the bound tenant on one thread and restore it on another, together
 * with whether the work is read-only ({@link TenantAccess}).
 * <p>
 * Registered through {@code META-INF/services}, so {@code ContextRegistry.getInstance()} knows it without
 * configuration. Restoring puts back exactly what was bound before, so a pooled thread keeps nothing.
 */
public final class TenantThreadLocalAccessor implements ThreadLocalAccessor<TenantAccess> {

	/** The key under which the tenant travels in a context snapshot. */
	public static final String KEY = "dev.tenancy.tenant";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable TenantAccess getValue() {
		return TenantContext.access().orElse(null);
	}

	@Override
	public void setValue(TenantAccess value) {
		TenantContext.set(value);
	}

	@Override
	public void setValue() {
		TenantContext.set(null);
	}

	@Override
	public void restore(TenantAccess previousValue) {
		TenantContext.set(previousValue);
	}

	@Override
	public void restore() {
		TenantContext.set(null);
	}

}
