package dev.tenancy.test.isolation;

import java.util.Objects;

/**
 * An isolation assertion on {@link IsolationOperations}.
 *
 * @param <ID> the row id type
 */
public final class OperationsIsolationAssertion<ID> extends TenantIsolationAssertion<OperationsIsolationAssertion<ID>> {

	private final IsolationOperations<ID> operations;

	OperationsIsolationAssertion(IsolationOperations<ID> operations) {
		this.operations = Objects.requireNonNull(operations, "operations must not be null");
	}

	@Override
	IsolationOperations<ID> operations() {
		return this.operations;
	}

}
