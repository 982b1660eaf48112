package dev.tenancy.core.context;

import dev.tenancy.core.TenantId;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation capture the bound tenant on one thread and restore it on another.
 * <p>
 * Registered through {@code META-INF/services}, so {@code ContextRegistry.getInstance()} knows it without
 * configuration. Restoring puts back exactly what was bound before, so a pooled thread keeps nothing.
 */
public final class TenantThreadLocalAccessor implements ThreadLocalAccessor<TenantId> {

	/** The key under which the tenant travels in a context snapshot. */
	public static final String KEY = "dev.tenancy.tenant";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable TenantId getValue() {
		return TenantContext.current().orElse(null);
	}

	@Override
	public void setValue(TenantId value) {
		TenantContext.set(value);
	}

	@Override
	public void setValue() {
		TenantContext.set(null);
	}

	@Override
	public void restore(TenantId previousValue) {
		TenantContext.set(previousValue);
	}

	@Override
	public void restore() {
		TenantContext.set(null);
	}

}
