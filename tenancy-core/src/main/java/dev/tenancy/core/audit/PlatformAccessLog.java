package dev.tenancy.core.audit;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Where access to a tenant by someone who is not its member (a platform administrator, support, an operations
 * job) is written down, before the access happens.
 * <p>
 * Implementations write durably: when {@link #record} returns, the access is on record, unless the caller has a
 * transaction of its own open on the log's database, which the record then joins and shares the fate of; when it
 * cannot be written, {@link #record} throws and the caller must not go on. {@code tenancy-jpa} implements it with
 * the tenant audit trail ({@code PlatformOperations}); the tenant filter records platform administrators'
 * requests outside any transaction.
 */
@FunctionalInterface
public interface PlatformAccessLog {

	/**
	 * Records an access to a tenant.
	 * @param tenant the tenant accessed
	 * @param actor who accesses it: a user, a service or a ticket, not blank
	 * @param reason why, not blank
	 * @param detail what is done, for example the request's method and path, or {@code null}
	 * @throws IllegalArgumentException if actor or reason is blank or too long to record
	 * @throws RuntimeException if the access could not be recorded; the caller must then refuse it
	 */
	void record(TenantId tenant, String actor, String reason, @Nullable String detail);

}
