package dev.tenancy.test.isolation;

import java.util.function.Supplier;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each step in a new transaction that begins with the tenant already bound, so the transaction's connection and
 * session belong to it. Kept apart so that Spring's transaction types load only when a manager is given.
 */
final class TransactionalSteps implements TenantSteps {

	private final TransactionTemplate template;

	private TransactionalSteps(TransactionTemplate template) {
		this.template = template;
	}

	static TenantSteps of(PlatformTransactionManager transactionManager) {
		return of(new TransactionTemplate(transactionManager));
	}

	static TenantSteps of(TransactionTemplate template) {
		PlatformTransactionManager manager = template.getTransactionManager();
		if (manager == null) {
			throw new IllegalArgumentException("the TransactionTemplate has no transaction manager");
		}
		TransactionTemplate own = new TransactionTemplate(manager, template);
		// a new transaction even when the caller runs in one: that one began under another tenant, or none
		own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new TransactionalSteps(own);
	}

	@Override
	public <R> R run(TenantId tenant, Supplier<R> work) {
		return TenantContext.where(tenant).get(() -> this.template.execute((status) -> work.get()));
	}

	@Override
	public boolean transactional() {
		return true;
	}

}
