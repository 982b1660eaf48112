package dev.tenancy.test.isolation;

import java.util.function.Supplier;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;

/**
 * Runs one step of an isolation assertion with a tenant bound, and in its own transaction when there is a
 * transaction manager.
 */
interface TenantSteps {

	<R> R run(TenantId tenant, Supplier<R> work);

	/** Whether each step gets its own transaction. */
	boolean transactional();

	static TenantSteps untransacted() {
		return new TenantSteps() {

			@Override
			public <R> R run(TenantId tenant, Supplier<R> work) {
				return TenantContext.where(tenant).get(work);
			}

			@Override
			public boolean transactional() {
				return false;
			}

		};
	}

}
