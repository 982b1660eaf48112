package dev.tenancy.jpa.audit;

import org.jspecify.annotations.Nullable;

/**
 * What {@link TenantAuditTrail#verify()} found.
 *
 * @param eventsChecked how many events were read, up to and including the first broken one
 * @param brokenAt the sequence number of the first event that does not follow from the ones before it, or
 * {@code null} if every event does
 * @param problem what is wrong with that event, or {@code null}
 * @param headHash the hash of the last event that follows from the ones before it, in hex, or {@code null} if
 * there is none: kept outside the database (a log, a ticket, another system), it tells later that no event was
 * removed from the end and that the trail was not rewritten as a whole
 */
public record AuditVerification(long eventsChecked, @Nullable Long brokenAt, @Nullable String problem,
		@Nullable String headHash) {

	/**
	 * Whether every event follows from the ones before it.
	 * @return {@code true} if the trail is intact
	 */
	public boolean isIntact() {
		return this.brokenAt == null;
	}

}
