package dev.tenancy.jpa.audit;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;

/**
 * The one way for platform code (support, operations, a data repair) to work inside a tenant that is not its own:
 * the work runs bound to the tenant, once an audit event naming who and why has been recorded.
 * <p>
 * The event ({@value #ACTION}) commits before the work starts, so it is kept whether the work succeeds or not
 * (unless the caller runs inside a transaction of its own on the owner DataSource, which the event then joins).
 * Work is refused while a tenant is already bound on the calling thread: a tenant's own code cannot reach into
 * another tenant through this class, and a platform operation is never mistaken for the tenant it runs in. A
 * tenant the catalog does not know is refused too, and one being moved ({@code MIGRATING}), whose writes could
 * land at its old place; a suspended tenant can be worked on.
 * <p>
 * Work that runs elsewhere, such as a platform administrator's HTTP request, is recorded with
 * {@link #record}, the same event without the work.
 * <p>
 * Thread-safe.
 */
public class PlatformOperations implements PlatformAccessLog {

	/** The action of the audit event each operation records. */
	public static final String ACTION = "PLATFORM_ACCESS";

	private final TenantCatalog catalog;

	private final TenantAuditTrail audit;

	/**
	 * Creates the operations.
	 * @param catalog the tenants that may be worked on
	 * @param audit where each operation is recorded
	 */
	public PlatformOperations(TenantCatalog catalog, TenantAuditTrail audit) {
		this.catalog = catalog;
		this.audit = audit;
	}

	/**
	 * Records the operation, then runs it bound to the tenant.
	 * @param <T> the result type
	 * @param tenant the tenant to work in
	 * @param actor who asks for it: a user, a service or a ticket, not blank
	 * @param reason why, not blank
	 * @param work the work, which runs as the tenant's own code would ({@code @Transactional} included)
	 * @return what the work returned
	 * @throws IllegalStateException if a tenant is bound on the calling thread, or the tenant is being moved
	 * @throws IllegalArgumentException if the catalog does not know the tenant, or actor or reason is blank
	 */
	public <T> T get(TenantId tenant, String actor, String reason, Supplier<T> work) {
		Objects.requireNonNull(tenant, "tenant must not be null");
		Objects.requireNonNull(work, "work must not be null");
		Optional<TenantId> bound = TenantContext.current();
		if (bound.isPresent()) {
			throw new IllegalStateException("A platform operation in tenant '" + tenant + "' was asked for while "
					+ "tenant '" + bound.get() + "' is bound; platform operations run outside any tenant's scope, "
					+ "for example from an admin endpoint or a job");
		}
		Tenant found = this.catalog.find(tenant)
			.orElseThrow(() -> new IllegalArgumentException("Tenant '" + tenant + "' is not in the catalog; no "
					+ "platform operation was run or recorded"));
		if (found.status() == TenantStatus.MIGRATING) {
			throw new IllegalStateException("Tenant '" + tenant + "' is MIGRATING: it is being moved, and what "
					+ "the work wrote now could be left at its old place; no platform operation was run or "
					+ "recorded, try again after the move");
		}
		record(tenant, actor, reason, null);
		return TenantContext.where(tenant).get(work);
	}

	/**
	 * Records a platform access that runs elsewhere, such as a platform administrator's request, as a
	 * {@value #ACTION} event, committed when this returns (unless the caller's transaction on the owner
	 * DataSource is open, which the event then joins).
	 * @param tenant the tenant accessed
	 * @param actor who accesses it, not blank, at most 200 characters
	 * @param reason why, not blank, at most 2,000 characters
	 * @param detail what is done, or {@code null}
	 * @throws IllegalArgumentException if actor or reason is blank or too long
	 */
	@Override
	public void record(TenantId tenant, String actor, String reason, @Nullable String detail) {
		this.audit.record(tenant, ACTION, actor, reason, detail);
	}

	/**
	 * Records the operation, then runs it bound to the tenant.
	 * @param tenant the tenant to work in
	 * @param actor who asks for it, not blank
	 * @param reason why, not blank
	 * @param work the work
	 * @throws IllegalStateException if a tenant is bound on the calling thread, or the tenant is being moved
	 * @throws IllegalArgumentException if the catalog does not know the tenant, or actor or reason is blank
	 */
	public void run(TenantId tenant, String actor, String reason, Runnable work) {
		Objects.requireNonNull(work, "work must not be null");
		get(tenant, actor, reason, () -> {
			work.run();
			return null;
		});
	}

}
