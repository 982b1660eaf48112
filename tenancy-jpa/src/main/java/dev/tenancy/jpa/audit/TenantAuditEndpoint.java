package dev.tenancy.jpa.audit;

import java.util.List;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Actuator endpoint {@code tenancyaudit}: the audit trail checked from its first event to its last, with the hash
 * of the last one to keep outside the database (read), and one tenant's events (read, by tenant id).
 * <p>
 * Events name who did what to which tenant and why: expose the endpoint only to operators. Checking reads the
 * whole trail. A request naming an invalid tenant id is refused as invalid (a {@code 400} over HTTP).
 */
@Endpoint(id = "tenancyaudit")
public class TenantAuditEndpoint {

	private final TenantAuditTrail trail;

	public TenantAuditEndpoint(TenantAuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * Checks the whole trail.
	 * @return whether it is intact, how many events were read, the first broken one and why, and the head hash
	 */
	@ReadOperation
	public AuditVerificationDescriptor verify() {
		AuditVerification verification = this.trail.verify();
		return new AuditVerificationDescriptor(verification.isIntact(), this.trail.isKeyed(),
				verification.eventsChecked(), verification.brokenAt(), verification.problem(),
				verification.headHash());
	}

	/**
	 * Lists a tenant's events, oldest first.
	 * @param tenant the tenant id
	 * @return its events, none for a tenant the trail does not name
	 * @throws InvalidEndpointRequestException (400) for an invalid tenant id
	 */
	@ReadOperation
	public List<AuditEvent> events(@Selector String tenant) {
		TenantId id;
		try {
			id = TenantId.of(tenant);
		}
		catch (InvalidTenantIdException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		return this.trail.events(id);
	}

	/**
	 * What checking the trail found.
	 *
	 * @param intact whether every event follows from the ones before it
	 * @param keyed whether events are hashed with a key (HMAC-SHA256) rather than plain SHA-256
	 * @param eventsChecked how many events were read
	 * @param brokenAt the first event that does not follow, or {@code null}
	 * @param problem what is wrong with it, or {@code null}
	 * @param headHash the hash of the last event that follows, in hex, or {@code null} for an empty trail
	 */
	public record AuditVerificationDescriptor(boolean intact, boolean keyed, long eventsChecked,
			@Nullable Long brokenAt, @Nullable String problem,
			@Nullable String headHash) {

	}

}
