package dev.tenancy.core.cache;

import java.io.Serializable;
import java.util.Objects;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A cache key together with the tenant bound when it was used, so that two tenants' entries never share a key.
 * <p>
 * Equal when both tenant and key are. Its text, for caches that store keys as text (Redis), is the tenant id, a
 * colon and the key's text; {@code ~} stands for no tenant. Neither can be read as the other, as tenant ids hold
 * no colon and never start with {@code ~}.
 *
 * @param tenant the id of the tenant bound when the key was used, or {@code null} when none was
 * @param key the key the application used
 */
public record TenantCacheKey(@Nullable String tenant, Object key) implements Serializable {

	/** The text that stands for no tenant in {@link #toString()}. */
	public static final String NO_TENANT = "~";

	/**
	 * Creates a key.
	 * @param tenant the tenant id, or {@code null}
	 * @param key the application's key
	 */
	public TenantCacheKey {
		Objects.requireNonNull(key, "key must not be null");
	}

	/**
	 * Returns the key for the tenant bound on the calling thread.
	 * @param tenant the bound tenant, or {@code null}
	 * @param key the application's key
	 * @return the key
	 */
	static TenantCacheKey of(@Nullable TenantId tenant, Object key) {
		return new TenantCacheKey((tenant != null) ? tenant.value() : null, key);
	}

	@Override
	public String toString() {
		return ((this.tenant != null) ? this.tenant : NO_TENANT) + ":" + this.key;
	}

}
