package dev.tenancy.core.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.catalog.TenantCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work once for each {@link dev.tenancy.core.TenantStatus#ACTIVE ACTIVE} tenant, each in its
 * own tenant scope, typically from a {@code @Scheduled} method.
 * <p>
 * Tenants run one after the other on the calling thread. A tenant whose work throws is logged and reported in
 * the returned {@link Report}; the remaining tenants still run.
 */
public class TenantJobRunner {

	private static final Logger logger = LoggerFactory.getLogger(TenantJobRunner.class);

	private final TenantCatalog catalog;

	public TenantJobRunner(TenantCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * Runs the work for each active tenant.
	 * @param jobName a name for logs
	 * @param work the work; it finds its tenant in {@link TenantContext} and as its argument
	 * @return which tenants succeeded and which failed
	 */
	public Report forEachActiveTenant(String jobName, Consumer<Tenant> work) {
		List<TenantId> succeeded = new ArrayList<>();
		Map<TenantId, RuntimeException> failed = new LinkedHashMap<>();
		for (Tenant tenant : this.catalog.findAll()) {
			if (!tenant.status().isServing()) {
				continue;
			}
			try {
				TenantContext.where(tenant.id()).run(() -> work.accept(tenant));
				succeeded.add(tenant.id());
			}
			catch (RuntimeException ex) {
				failed.put(tenant.id(), ex);
				logger.error("Job '{}' failed for tenant '{}'; continuing with the other tenants", jobName,
						tenant.id(), ex);
			}
		}
		return new Report(List.copyOf(succeeded), Map.copyOf(failed));
	}

	/**
	 * The outcome of one run.
	 *
	 * @param succeeded the tenants whose work completed
	 * @param failed the tenants whose work threw, with what it threw
	 */
	public record Report(List<TenantId> succeeded, Map<TenantId, RuntimeException> failed) {

		/**
		 * Whether every tenant's work completed.
		 * @return {@code true} if nothing failed
		 */
		public boolean allSucceeded() {
			return this.failed.isEmpty();
		}

	}

}
