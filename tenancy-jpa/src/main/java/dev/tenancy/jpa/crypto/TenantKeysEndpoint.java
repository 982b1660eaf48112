package dev.tenancy.jpa.crypto;

import java.time.Instant;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code tenancykeys}: a tenant's data key described (read, by tenant id: whether it has one,
 * how many keys, when made, rotated or destroyed; never any of the key), and rotated (write, by tenant id, with
 * who and why, recorded in the audit trail).
 * <p>
 * Rotating is an operator's change to a tenant: expose the endpoint only to operators. A request naming an invalid
 * tenant id, or rotating without an actor and a reason, is refused as invalid (a {@code 400} over HTTP).
 */
@Endpoint(id = "tenancykeys")
public class TenantKeysEndpoint {

	private final TenantKeys keys;

	public TenantKeysEndpoint(TenantKeys keys) {
		this.keys = keys;
	}

	/**
	 * Describes a tenant's data key.
	 * @param tenant the tenant id
	 * @return the key's status
	 */
	@ReadOperation
	public KeyDescriptor key(@Selector String tenant) {
		return KeyDescriptor.of(this.keys.status(tenantId(tenant)));
	}

	/**
	 * Rotates a tenant's data key: a new key encrypts from now on, the old ones still decrypt.
	 * @param tenant the tenant id
	 * @param actor who rotates it
	 * @param reason why
	 * @return the key's status after the rotation
	 */
	@WriteOperation
	public KeyDescriptor rotate(@Selector String tenant, String actor, String reason) {
		TenantId id = tenantId(tenant);
		if (actor.isBlank() || reason.isBlank()) {
			throw new InvalidEndpointRequestException("A rotation is recorded with who made it and why",
					"actor and reason must not be blank");
		}
		try {
			this.keys.rotate(id, actor, reason);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		return KeyDescriptor.of(this.keys.status(id));
	}

	private static TenantId tenantId(String tenant) {
		try {
			return TenantId.of(tenant);
		}
		catch (InvalidTenantIdException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	/**
	 * A tenant's data key as the endpoint shows it.
	 *
	 * @param tenant the tenant id
	 * @param state {@code NONE}, {@code ACTIVE} or {@code DESTROYED}
	 * @param keys how many keys its keyset holds
	 * @param createdAt when the key was made, or {@code null}
	 * @param rotatedAt when it was last rotated, or {@code null}
	 * @param destroyedAt when it was destroyed, or {@code null}
	 */
	public record KeyDescriptor(String tenant, TenantKeyStatus.State state, int keys, @Nullable Instant createdAt,
			@Nullable Instant rotatedAt, @Nullable Instant destroyedAt) {

		static KeyDescriptor of(TenantKeyStatus status) {
			return new KeyDescriptor(status.tenant().value(), status.state(), status.keys(), status.createdAt(),
					status.rotatedAt(), status.destroyedAt());
		}

	}

}
