package dev.tenancy.core.context;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation capture the bound tenant on one thread and restore it on another, together
 * with whether the work is read-only. Its values are opaque: read them with {@link TenantContext#access()} on the
 * thread they are restored on.
 * <p>
 * Registered through {@code META-INF/services}, so {@code ContextRegistry.getInstance()} knows it without
 * configuration. Restoring puts back exactly what was bound before, so a pooled thread keeps nothing.
 */
public final class TenantThreadLocalAccessor implements ThreadLocalAccessor<Object> {

	/** The key under which the tenant travels in a context snapshot. */
	public static final String KEY = "dev.tenancy.tenant";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Object getValue() {
		return TenantContext.bound();
	}

	@Override
	public void setValue(Object value) {
		TenantContext.set((TenantContext.Bound) value);
	}

	@Override
	public void setValue() {
		TenantContext.set(null);
	}

	@Override
	public void restore(Object previousValue) {
		TenantContext.set((TenantContext.Bound) previousValue);
	}

	@Override
	public void restore() {
		TenantContext.set(null);
	}

}
