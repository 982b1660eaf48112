package dev.tenancy.jpa.audit;

import java.time.Instant;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * One event of the audit trail.
 *
 * @param seq its place in the trail: 1 for the first event, each next one 1 more
 * @param occurredAt when it was recorded, to the microsecond
 * @param tenant the tenant it is about
 * @param action what was done, in upper case, for example {@code SUSPENDED}
 * @param actor who did it, as the caller named them
 * @param reason why, as the caller gave it
 * @param detail more about it (an error, for a failed onboarding), or {@code null}
 * @param previousHash the hash of the event before it, in hex (64 zeros for the first event)
 * @param hash its own hash, in hex, over its fields and {@code previousHash}
 */
public record AuditEvent(long seq, Instant occurredAt, TenantId tenant, String action, String actor, String reason,
		@Nullable String detail, String previousHash, String hash) {

}
