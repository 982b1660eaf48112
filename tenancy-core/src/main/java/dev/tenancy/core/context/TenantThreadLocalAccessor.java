package dev.tenancy.core.context;

import dev.tenancy.core.TenantId;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation capture the bound tenant on one thread and restore it on another, together
 * with whether the work is read-only. The values it captures are opaque: read them with
 * {@link TenantContext#access()} on the thread they are restored on. A {@link TenantAccess} or a {@link TenantId}
 * put under {@link #KEY} by hand is restored too.
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
		TenantContext.set(bound(value));
	}

	@Override
	public void setValue() {
		TenantContext.set(null);
	}

	@Override
	public void restore(Object previousValue) {
		TenantContext.set(bound(previousValue));
	}

	/**
	 * Takes what this accessor captured, restored as it was, and also a {@link TenantAccess} or a {@link TenantId}
	 * put under {@link #KEY} by hand (in a Reactor context, say), which never widens read-only work: it is bound
	 * read-only if it says so or if the work it is restored in is read-only. Anything else fails rather than bind
	 * nothing.
	 */
	private static TenantContext.Bound bound(Object value) {
		if (value instanceof TenantContext.Bound bound) {
			return bound;
		}
		if (value instanceof TenantAccess access) {
			return new TenantContext.Bound(access.tenantId(), access.readOnly() || TenantContext.isReadOnly());
		}
		if (value instanceof TenantId tenantId) {
			return new TenantContext.Bound(tenantId, TenantContext.isReadOnly());
		}
		throw new IllegalArgumentException("Not a tenant under " + KEY + ": " + value.getClass().getName()
				+ "; put a TenantAccess or a TenantId there");
	}

	@Override
	public void restore() {
		TenantContext.set(null);
	}

}
