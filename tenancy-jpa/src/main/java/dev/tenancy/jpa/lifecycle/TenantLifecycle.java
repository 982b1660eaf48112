package dev.tenancy.jpa.lifecycle;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.migration.TenantMigrationOutcome;
import dev.tenancy.jpa.migration.TenantMigrator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Onboards, suspends, resumes and offboards tenants of the JDBC catalog while the application runs: the one API
 * for changing a tenant's status.
 * <p>
 * Each change names who made it and why. The catalog change and its audit event commit together, in one
 * transaction of the owner role; a {@link TenantLifecycleEvent} is published after that commits. A change from
 * a status that does not allow it is refused with an {@link IllegalStateException} that names the tenant's
 * status, and changes nothing; two concurrent changes of one tenant cannot both pass that check.
 * <p>
 * Onboarding never leaves a tenant half served: the tenant is registered as
 * {@link TenantStatus#PROVISIONING} (refused service), its schema or database is migrated, and only then is it
 * made {@link TenantStatus#ACTIVE}. If the migration fails, the tenant stays {@code PROVISIONING} with the error
 * recorded, and calling {@link #onboard} again retries it. Offboarding refuses the tenant service for good and
 * keeps its data and its catalog entry, so that its id is never given to another tenant; it deletes nothing.
 * <p>
 * Thread-safe.
 */
public class TenantLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TenantLifecycle.class);

	private static final Set<TenantStatus> OFFBOARDABLE = EnumSet.of(TenantStatus.PROVISIONING, TenantStatus.ACTIVE,
			TenantStatus.SUSPENDED, TenantStatus.MIGRATING, TenantStatus.OFFBOARDING);

	private final JdbcTenantCatalog catalog;

	private final @Nullable TenantMigrator migrator;

	private final TenantAuditTrail audit;

	private final TransactionOperations ownerTransactions;

	private final ApplicationEventPublisher events;

	/**
	 * Creates the lifecycle.
	 * @param catalog the catalog whose tenants it changes
	 * @param migrator migrates SCHEMA and DATABASE tenants when they are onboarded, or {@code null} if the
	 * application onboards only SHARED tenants
	 * @param audit the audit trail
	 * @param ownerTransactions transactions on the owner DataSource that both the catalog and the audit trail
	 * write through, so that a change and its audit event commit together
	 * @param events where lifecycle events are published
	 */
	public TenantLifecycle(JdbcTenantCatalog catalog, @Nullable TenantMigrator migrator, TenantAuditTrail audit,
			TransactionOperations ownerTransactions, ApplicationEventPublisher events) {
		this.catalog = catalog;
		this.migrator = migrator;
		this.audit = audit;
		this.ownerTransactions = ownerTransactions;
		this.events = events;
	}

	/**
	 * Adds a tenant and prepares its storage: a SHARED tenant needs none, a SCHEMA or DATABASE tenant gets its
	 * tenant migrations (a DATABASE tenant's database must exist). Then the tenant is served.
	 * <p>
	 * Called again for a tenant left {@link TenantStatus#PROVISIONING} by a failed or interrupted onboarding, with
	 * the same placement and storage, it retries.
	 * @param tenant the tenant; its status is ignored
	 * @param plan its commercial plan or tier, or {@code null}
	 * @param actor who onboards it
	 * @param reason why
	 * @return the tenant as the catalog now holds it, {@code ACTIVE}
	 * @throws TenantOnboardingException if its storage could not be prepared; it stays {@code PROVISIONING}
	 * @throws IllegalStateException if the catalog already holds the tenant in another status, or
	 * {@code PROVISIONING} with another placement or storage
	 * @throws org.springframework.dao.DuplicateKeyException if its schema, or database on that server, belongs
	 * to another tenant
	 */
	public Tenant onboard(Tenant tenant, @Nullable String plan, String actor, String reason) {
		TenantId id = tenant.id();
		requireWho(actor, reason);
		Tenant provisioning = new Tenant(id, tenant.displayName(), TenantStatus.PROVISIONING, tenant.placement(),
				tenant.schema(), tenant.server(), tenant.database());
		if (provisioning.placement() != Placement.SHARED && this.migrator == null) {
			throw new IllegalStateException("Tenant '" + id + "' has " + provisioning.placement()
					+ " placement, which needs tenant migrations to onboard, but no TenantMigrator is configured "
					+ "(is Flyway on the class path?)");
		}
		Optional<Tenant> existing = this.catalog.find(id);
		Tenant registered = existing.map((found) -> requireRetryable(found, provisioning)).orElse(provisioning);
		TenantStatus before = existing.map(Tenant::status).orElse(null);
		String detail = existing.isPresent() ? "retried" : null;
		publish(before, TenantStatus.PROVISIONING, Action.ONBOARDING_STARTED, actor, reason, committed(() -> {
			if (existing.isEmpty()) {
				this.catalog.register(provisioning, plan);
			}
			return this.audit.record(id, Action.ONBOARDING_STARTED.name(), actor, reason, detail);
		}));
		if (registered.placement() != Placement.SHARED) {
			prepareStorage(registered, actor, reason);
		}
		publish(TenantStatus.PROVISIONING, TenantStatus.ACTIVE, Action.ONBOARDED, actor, reason, committed(() -> {
			this.catalog.changeStatus(id, EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE);
			return this.audit.record(id, Action.ONBOARDED.name(), actor, reason, null);
		}));
		return this.catalog.find(id).orElseThrow();
	}

	/**
	 * Refuses an {@link TenantStatus#ACTIVE} tenant service, keeping its data. Other instances of the application
	 * refuse it once their catalog cache entry expires ({@code tenancy.catalog.cache-ttl}).
	 * @param id the tenant
	 * @param actor who suspends it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is not {@code ACTIVE}
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public Tenant suspend(TenantId id, String actor, String reason) {
		return change(id, EnumSet.of(TenantStatus.ACTIVE), TenantStatus.SUSPENDED, Action.SUSPENDED, actor, reason);
	}

	/**
	 * Serves a {@link TenantStatus#SUSPENDED} tenant again.
	 * @param id the tenant
	 * @param actor who resumes it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is not {@code SUSPENDED}
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public Tenant resume(TenantId id, String actor, String reason) {
		return change(id, EnumSet.of(TenantStatus.SUSPENDED), TenantStatus.ACTIVE, Action.RESUMED, actor, reason);
	}

	/**
	 * Refuses a tenant service for good: {@link TenantStatus#OFFBOARDED}. Its data, schema or database is kept,
	 * and its catalog entry too, so its id is never given to another tenant; tenant migrations skip it from now
	 * on.
	 * @param id the tenant
	 * @param actor who offboards it
	 * @param reason why
	 * @return the tenant as the catalog now holds it
	 * @throws IllegalStateException if the tenant is already {@code OFFBOARDED}
	 * @throws IllegalArgumentException if the catalog does not know the tenant
	 */
	public Tenant offboard(TenantId id, String actor, String reason) {
		return change(id, OFFBOARDABLE, TenantStatus.OFFBOARDED, Action.OFFBOARDED, actor, reason);
	}

	private Tenant change(TenantId id, Set<TenantStatus> from, TenantStatus to, Action action, String actor,
			String reason) {
		Objects.requireNonNull(id, "id must not be null");
		requireWho(actor, reason);
		TenantStatus[] before = new TenantStatus[1];
		AuditEvent recorded = committed(() -> {
			before[0] = this.catalog.changeStatus(id, from, to);
			return this.audit.record(id, action.name(), actor, reason, null);
		});
		publish(before[0], to, action, actor, reason, recorded);
		return this.catalog.find(id).orElseThrow();
	}

	private void prepareStorage(Tenant tenant, String actor, String reason) {
		TenantMigrationOutcome outcome;
		try {
			outcome = Objects.requireNonNull(this.migrator).migrate(tenant);
		}
		catch (RuntimeException ex) {
			failed(tenant.id(), actor, reason, String.valueOf(ex.getMessage()));
			throw new TenantOnboardingException(tenant.id(), failureMessage(tenant, ex.getMessage()), ex);
		}
		if (outcome.result() == TenantMigrationOutcome.Result.FAILED) {
			failed(tenant.id(), actor, reason, String.valueOf(outcome.error()));
			throw new TenantOnboardingException(tenant.id(), failureMessage(tenant, outcome.error()));
		}
	}

	private void failed(TenantId id, String actor, String reason, String error) {
		publish(TenantStatus.PROVISIONING, TenantStatus.PROVISIONING, Action.ONBOARDING_FAILED, actor, reason,
				committed(() -> this.audit.record(id, Action.ONBOARDING_FAILED.name(), actor, reason, error)));
	}

	private static String failureMessage(Tenant tenant, @Nullable String error) {
		String storage = (tenant.placement() == Placement.SCHEMA) ? "schema '" + tenant.schemaName() + "'"
				: "database '" + tenant.databaseName() + "' on server '" + tenant.serverName() + "'";
		return "Tenant '" + tenant.id() + "' could not be onboarded: migrating its " + storage + " failed: " + error
				+ ". It stays PROVISIONING and is refused service; fix the cause and call onboard again to retry, "
				+ "or offboard it";
	}

	private static Tenant requireRetryable(Tenant found, Tenant requested) {
		if (found.status() != TenantStatus.PROVISIONING) {
			throw new IllegalStateException("Tenant '" + found.id() + "' is already in the catalog, " + found.status()
					+ "; only a tenant left PROVISIONING by a failed onboarding can be onboarded again");
		}
		if (!storage(found).equals(storage(requested))) {
			throw new IllegalStateException("Tenant '" + found.id() + "' is being onboarded as " + storage(found)
					+ ", not as " + storage(requested) + "; retry with the same placement, or offboard it first");
		}
		return found;
	}

	private static String storage(Tenant tenant) {
		return switch (tenant.placement()) {
			case SHARED -> "SHARED";
			case SCHEMA -> "SCHEMA (schema '" + tenant.schemaName() + "')";
			case DATABASE -> "DATABASE (database '" + tenant.databaseName() + "' on server '" + tenant.serverName()
					+ "')";
		};
	}

	private AuditEvent committed(java.util.function.Supplier<AuditEvent> change) {
		return Objects.requireNonNull(this.ownerTransactions.execute((status) -> change.get()));
	}

	private void publish(@Nullable TenantStatus from, TenantStatus to, Action action, String actor, String reason,
			AuditEvent recorded) {
		logger.info("Tenant '{}' {} by {} ({}): {}", recorded.tenant(), action, actor, reason,
				(from != null) ? from + " -> " + to : to);
		this.events.publishEvent(new TenantLifecycleEvent(recorded.tenant(), action, from, to, actor, reason,
				recorded.occurredAt(), recorded.seq()));
	}

	private static void requireWho(String actor, String reason) {
		if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("A tenant's lifecycle changes only with an actor and a reason, for "
					+ "the audit trail; got actor '" + actor + "' and reason '" + reason + "'");
		}
	}

}
