package dev.tenancy.jpa.lifecycle;

import dev.tenancy.core.TenantId;

/**
 * Thrown when a tenant's move to another placement did not complete: either it failed before the switch, and the
 * tenant is back where it was with every row, or it completed but the rows it left behind could not be deleted.
 * The message says which, and the audit trail holds {@code MOVE_FAILED} or {@code MOVE_SOURCE_KEPT} with the
 * cause.
 */
public class TenantMoveException extends RuntimeException {

	private final TenantId tenant;

	private final boolean moved;

	TenantMoveException(TenantId tenant, boolean moved, String message, Throwable cause) {
		super(message, cause);
		this.tenant = tenant;
		this.moved = moved;
	}

	/**
	 * Returns the tenant that was being moved.
	 * @return the tenant id
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

	/**
	 * Whether the tenant was moved, and only its old rows were kept.
	 * @return {@code true} if the tenant now lives at its new placement
	 */
	public boolean isMoved() {
		return this.moved;
	}

}
