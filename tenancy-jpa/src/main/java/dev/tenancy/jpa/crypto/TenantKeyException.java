package dev.tenancy.jpa.crypto;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a value cannot be encrypted or decrypted with its tenant's data key: the value belongs to another
 * tenant, was changed, or its tenant's key was destroyed when the tenant was purged.
 */
public class TenantKeyException extends IllegalStateException {

	private final TenantId tenant;

	/**
	 * @param tenant the tenant whose key was used
	 * @param message what went wrong
	 * @param cause the cause, or {@code null}
	 */
	public TenantKeyException(TenantId tenant, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.tenant = tenant;
	}

	/**
	 * Returns the tenant whose key was used.
	 * @return the tenant
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

}
