package dev.tenancy.jpa.lifecycle;

import java.util.Objects;
import java.util.function.Supplier;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Commits a lifecycle change with its audit event in one owner transaction, then logs and publishes it.
 */
final class LifecycleRecorder {

	private static final Logger logger = LoggerFactory.getLogger(TenantLifecycle.class);

	private final TenantAuditTrail audit;

	private final TransactionOperations ownerTransactions;

	private final ApplicationEventPublisher events;

	LifecycleRecorder(TenantAuditTrail audit, TransactionOperations ownerTransactions,
			ApplicationEventPublisher events) {
		this.audit = audit;
		this.ownerTransactions = ownerTransactions;
		this.events = events;
	}

	/** Runs a change in one owner transaction; the change returns the audit event it recorded. */
	AuditEvent committed(Supplier<AuditEvent> change) {
		return Objects.requireNonNull(this.ownerTransactions.execute((status) -> change.get()));
	}

	/** Records an event in the caller's transaction. */
	AuditEvent record(TenantId id, Action action, String actor, String reason, @Nullable String detail) {
		return this.audit.record(id, action.name(), actor, reason, detail);
	}

	/** Logs and publishes a committed change. */
	void publish(@Nullable TenantStatus from, TenantStatus to, Action action, String actor, String reason,
			AuditEvent recorded) {
		logger.info("Tenant '{}' {} by {} ({}): {}", recorded.tenant(), action, actor, reason,
				(from != null) ? from + " -> " + to : to);
		this.events.publishEvent(new TenantLifecycleEvent(recorded.tenant(), action, from, to, actor, reason,
				recorded.occurredAt(), recorded.seq()));
	}

	/**
	 * Records and publishes that a tenant's database was created or dropped, the tenant's status unchanged.
	 */
	void databaseChanged(Tenant tenant, Action action, TenantStatus status, String actor, String reason) {
		AuditEvent recorded = committed(() -> record(tenant.id(), action, actor, reason,
				"database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'"));
		publish(status, status, action, actor, reason, recorded);
	}

	static void requireWho(String actor, String reason) {
		if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("A tenant's lifecycle changes only with an actor and a reason, for "
					+ "the audit trail; got actor '" + actor + "' and reason '" + reason + "'");
		}
	}

}
