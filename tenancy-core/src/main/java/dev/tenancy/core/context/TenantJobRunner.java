package dev.tenancy.core.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.catalog.TenantReadiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work once for each {@link dev.tenancy.core.TenantStatus#ACTIVE ACTIVE} tenant, each in its
 * own tenant scope, typically from a {@code @Scheduled} method.
 * <p>
 * Tenants run one after the other on the calling thread. A tenant whose work throws is logged and reported in
 * the returned {@link Report}; the remaining tenants still run. A tenant that a {@link TenantReadiness} check
 * says cannot be served now (its schema behind, say), as the tenant filter would refuse its requests, is skipped
 * and reported as not ready.
 * <p>
 * Call it outside any transaction, and let the work open its own: a transaction keeps the tenant it began with.
 * Called inside one, each tenant's statements are refused with tenancy-jpa's {@code TenantMismatchException}
 * (all of them if the transaction began with no tenant), and each such tenant is reported as failed.
 */
public class TenantJobRunner {

	private static final Logger logger = LoggerFactory.getLogger(TenantJobRunner.class);

	private final TenantCatalog catalog;

	private final List<TenantReadiness> readinessChecks;

	public TenantJobRunner(TenantCatalog catalog) {
		this(catalog, List.of());
	}

	/**
	 * @param catalog the tenants
	 * @param readinessChecks the checks a tenant must pass to run, those the tenant filter applies to requests
	 */
	public TenantJobRunner(TenantCatalog catalog, List<TenantReadiness> readinessChecks) {
		this.catalog = catalog;
		this.readinessChecks = List.copyOf(readinessChecks);
	}

	/**
	 * Runs the work for each active tenant.
	 * @param jobName a name for logs
	 * @param work the work; it finds its tenant in {@link TenantContext} and as its argument
	 * @return which tenants succeeded, which failed and which were not ready to run
	 */
	public Report forEachActiveTenant(String jobName, Consumer<Tenant> work) {
		List<TenantId> succeeded = new ArrayList<>();
		Map<TenantId, RuntimeException> failed = new LinkedHashMap<>();
		Map<TenantId, String> notReady = new LinkedHashMap<>();
		for (Tenant tenant : this.catalog.findAll()) {
			if (!tenant.status().isServing()) {
				continue;
			}
			try {
				Optional<String> reason = TenantReadiness.firstReason(this.readinessChecks, tenant);
				if (reason.isPresent()) {
					notReady.put(tenant.id(), reason.get());
					logger.warn("Job '{}' skipped tenant '{}', which cannot be served now: {}", jobName, tenant.id(),
							reason.get());
					continue;
				}
				TenantContext.where(tenant.id()).run(() -> work.accept(tenant));
				succeeded.add(tenant.id());
			}
			catch (RuntimeException ex) {
				failed.put(tenant.id(), ex);
				logger.error("Job '{}' failed for tenant '{}'; continuing with the other tenants", jobName,
						tenant.id(), ex);
			}
		}
		return new Report(List.copyOf(succeeded), Collections.unmodifiableMap(failed),
				Collections.unmodifiableMap(notReady));
	}

	/**
	 * The outcome of one run.
	 *
	 * @param succeeded the tenants whose work completed
	 * @param failed the tenants whose work threw (or whose readiness could not be checked), with what it threw
	 * @param notReady the tenants skipped because they cannot be served now, with the reason
	 */
	public record Report(List<TenantId> succeeded, Map<TenantId, RuntimeException> failed,
			Map<TenantId, String> notReady) {

		/**
		 * A report of a run in which every tenant was ready.
		 * @param succeeded the tenants whose work completed
		 * @param failed the tenants whose work threw, with what it threw
		 */
		public Report(List<TenantId> succeeded, Map<TenantId, RuntimeException> failed) {
			this(succeeded, failed, Map.of());
		}

		/**
		 * Whether every active tenant's work ran and completed.
		 * @return {@code true} if nothing failed and no tenant was skipped as not ready
		 */
		public boolean allSucceeded() {
			return this.failed.isEmpty() && this.notReady.isEmpty();
		}

	}

}
