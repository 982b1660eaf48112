package dev.tenancy.test.isolation;

import java.util.Objects;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An isolation assertion between two tenants, ready to {@link #verify()}.
 * <p>
 * {@code verify()} throws an {@link AssertionError} that lists every operation that reached from one tenant
 * into the other's rows, with the direction and the row ids, for example
 * {@code findById reached from 'acme' into 'globex': as 'acme', it found 'globex''s rows [0199...]}; and every
 * operation that could not be checked because it does not see even the tenant's own rows (a check that would
 * pass vacuously). When a tenant does not find by id the rows it has just saved, nothing can be checked and
 * {@code verify()} fails at once.
 * <p>
 * The rows it saves are committed and, when a delete operation is available, deleted again at the end by their
 * own tenant. Counts are compared before and after saves, so nothing else may write to the same tables while it
 * runs.
 *
 * @param <S> the concrete type, for chaining
 */
public abstract class TenantIsolationAssertion<S extends TenantIsolationAssertion<S>> {

	private @Nullable TenantId first;

	private @Nullable TenantId second;

	private int rowsPerTenant = 2;

	private @Nullable TenantSteps steps;

	TenantIsolationAssertion() {
	}

	/**
	 * Names the two tenants, which must differ; rows are saved as both and checked in both directions.
	 * @param tenant one tenant, such as {@code "acme"}
	 * @param otherTenant the other, such as {@code "globex"}
	 * @return this assertion
	 * @throws dev.tenancy.core.InvalidTenantIdException if either is not a valid tenant id
	 */
	public S between(String tenant, String otherTenant) {
		TenantId one = TenantId.of(tenant);
		TenantId other = TenantId.of(otherTenant);
		if (one.equals(other)) {
			throw new IllegalArgumentException("between(...) needs two different tenants, got '" + one + "' twice");
		}
		this.first = one;
		this.second = other;
		return self();
	}

	/**
	 * Runs each step (one save, one read, one write attempt) in its own new transaction of this manager, which
	 * commits: needed when the tenant reaches the database only inside a transaction and the operations do not
	 * begin one themselves, as with {@code JdbcTemplate} callbacks.
	 * @param transactionManager the transaction manager
	 * @return this assertion
	 */
	public S inTransactions(PlatformTransactionManager transactionManager) {
		this.steps = TransactionalSteps.of(Objects.requireNonNull(transactionManager, "transactionManager"));
		return self();
	}

	/**
	 * Like {@link #inTransactions(PlatformTransactionManager)}, with the template's settings (isolation,
	 * timeout); each step still gets a new transaction.
	 * @param transactionTemplate the template
	 * @return this assertion
	 */
	public S inTransactions(TransactionTemplate transactionTemplate) {
		this.steps = TransactionalSteps.of(Objects.requireNonNull(transactionTemplate, "transactionTemplate"));
		return self();
	}

	/**
	 * Sets how many rows each tenant saves for the read and count checks (default 2).
	 * @param rows at least 1
	 * @return this assertion
	 */
	public S rowsPerTenant(int rows) {
		if (rows < 1) {
			throw new IllegalArgumentException("rowsPerTenant must be at least 1, got " + rows);
		}
		this.rowsPerTenant = rows;
		return self();
	}

	/**
	 * Runs the checks.
	 * @throws AssertionError if an operation crossed between the tenants, or could not be checked
	 * @throws IllegalStateException if {@code between(...)} was not called, or if this runs inside a transaction
	 * while no transaction manager was given (every step would join it, under the tenant it began with)
	 */
	public void verify() {
		if (this.first == null || this.second == null) {
			throw new IllegalStateException("Name the two tenants first: .between(\"acme\", \"globex\").verify()");
		}
		TenantSteps steps = (this.steps != null) ? this.steps : TenantSteps.untransacted();
		new IsolationVerifier<>(operations(), this.first, this.second, this.rowsPerTenant, steps).verify();
	}

	abstract IsolationOperations<?> operations();

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

}
