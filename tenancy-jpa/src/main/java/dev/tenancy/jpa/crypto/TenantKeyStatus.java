package dev.tenancy.jpa.crypto;

import java.time.Instant;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a tenant's data key, without any of the key: {@link TenantKeys#status}.
 *
 * @param tenant the tenant
 * @param state whether it has a key, and whether that key was destroyed
 * @param keys how many keys its keyset holds: one, and one more with each rotation; none when destroyed
 * @param createdAt when the key was made, or {@code null} if there is none
 * @param rotatedAt when it was last rotated, or {@code null}
 * @param destroyedAt when it was destroyed, or {@code null}
 */
public record TenantKeyStatus(TenantId tenant, State state, int keys, @Nullable Instant createdAt,
		@Nullable Instant rotatedAt, @Nullable Instant destroyedAt) {

	/**
	 * Whether a tenant has a data key.
	 */
	public enum State {

		/** The tenant has encrypted nothing yet, so it has no key. */
		NONE,

		/** The tenant has a key. */
		ACTIVE,

		/** The tenant was purged and its key destroyed: what it encrypted cannot be decrypted. */
		DESTROYED

	}

}
