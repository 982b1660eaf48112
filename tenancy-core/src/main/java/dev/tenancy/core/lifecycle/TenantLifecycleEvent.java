package dev.tenancy.core.lifecycle;

import java.time.Instant;
import java.util.Objects;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's lifecycle changed: published as a Spring application event once the change is committed and its
 * audit event written, never for a change that was rolled back.
 * <p>
 * Listeners run on the thread that made the change, after it; one that throws does not undo the change.
 *
 * @param tenant the tenant
 * @param action what happened
 * @param from the status before, or {@code null} if the tenant was not in the catalog
 * @param to the status after
 * @param actor who made the change, as given to the lifecycle operation
 * @param reason why, as given to the lifecycle operation
 * @param occurredAt when the change was recorded in the audit trail
 * @param auditSeq the sequence number of its event in the audit trail
 */
public record TenantLifecycleEvent(TenantId tenant, Action action, @Nullable TenantStatus from, TenantStatus to,
		String actor, String reason, Instant occurredAt, long auditSeq) {

	public TenantLifecycleEvent {
		Objects.requireNonNull(tenant, "tenant must not be null");
		Objects.requireNonNull(action, "action must not be null");
		Objects.requireNonNull(to, "to must not be null");
		Objects.requireNonNull(actor, "actor must not be null");
		Objects.requireNonNull(reason, "reason must not be null");
		Objects.requireNonNull(occurredAt, "occurredAt must not be null");
	}

	/**
	 * What happened to the tenant. Each is also the {@code action} of its event in the audit trail.
	 */
	public enum Action {

		/**
		 * The tenant was added to the catalog as {@link TenantStatus#PROVISIONING}, refused service while its
		 * storage is prepared; or a failed onboarding is being retried.
		 */
		ONBOARDING_STARTED,

		/** The tenant's storage was prepared and it is now served. */
		ONBOARDED,

		/** Preparing the tenant's storage failed; it stays {@link TenantStatus#PROVISIONING} and can be retried. */
		ONBOARDING_FAILED,

		/** The tenant is refused service, its data kept. */
		SUSPENDED,

		/** A suspended tenant is served again. */
		RESUMED,

		/** The tenant is refused service for good, its data kept and its id never given to another tenant. */
		OFFBOARDED,

		/**
		 * The tenant is refused service ({@link TenantStatus#MIGRATING}) while it is moved to another placement.
		 */
		MOVE_STARTED,

		/**
		 * The tenant's rows were copied to its new placement, the copy verified, and the catalog switched to it;
		 * it has the status it had before the move.
		 */
		MOVED,

		/** The move failed before the switch: the tenant is back where it was, in the status it had, every row kept. */
		MOVE_FAILED,

		/** After a move, the tenant's rows were deleted from where it lived before. */
		MOVE_SOURCE_DELETED,

		/**
		 * After a move, the tenant's rows were kept where it lived before, because they were no longer exactly the
		 * rows copied, or deleting them failed.
		 */
		MOVE_SOURCE_KEPT,

		/**
		 * An offboarded tenant's data was deleted: its rows in the shared tables, its schema, or its rows in its own
		 * database or the database itself. It stays {@link TenantStatus#OFFBOARDED} in the catalog.
		 */
		PURGED,

		/**
		 * A database of its own was created for the tenant on a server that creates tenant databases, as it was
		 * onboarded or moved there.
		 */
		DATABASE_CREATED,

		/**
		 * As an offboarded tenant was purged, the database created for it was dropped; the {@link #PURGED} event
		 * follows.
		 */
		DATABASE_DROPPED

	}

}
