package dev.tenancy.test.isolation;

import java.util.function.Supplier;

import org.springframework.data.repository.CrudRepository;

/**
 * Asserts that two tenants never see, count or change each other's rows through a repository or a set of
 * data-access callbacks:
 *
 * <pre class="code">
 * TenantIsolationAssertions.forRepository(projects, () -&gt; new Project("plan"))
 *     .between("acme", "globex")
 *     .verify();
 * </pre>
 *
 * It saves rows as each tenant and first proves that each tenant finds its own rows, then checks from the
 * other tenant, in both directions, that those rows are not found by id, not counted, not listed or paged, and
 * not changed or removed by its writes. Each step runs in its own tenant scope and, given a transaction
 * manager, its own transaction. See {@link TenantIsolationAssertion} for what a failure says.
 * <p>
 * Run it against the restricted runtime role (as {@code @WithTenancyDatabase} connects applications), never
 * as a superuser, which row-level security does not apply to.
 */
public final class TenantIsolationAssertions {

	private TenantIsolationAssertions() {
	}

	/**
	 * Starts an assertion on a Spring Data repository: {@code save}, {@code findById}, {@code existsById},
	 * {@code findAllById}, {@code findAll}, {@code count}, {@code deleteById}, {@code delete},
	 * {@code deleteAllById} and {@code deleteAll(Iterable)}; and {@code findAll(Pageable)} (its rows and its
	 * total) when it is also a {@code PagingAndSortingRepository}, as every {@code JpaRepository} is.
	 * @param <T> the entity type
	 * @param <ID> the id type
	 * @param repository the repository under test
	 * @param newEntity makes a new, unsaved entity; called with the tenant bound
	 * @return the assertion, to be completed with {@code between(...)} and run with {@code verify()}
	 */
	public static <T, ID> RepositoryIsolationAssertion<T, ID> forRepository(CrudRepository<T, ID> repository,
			Supplier<? extends T> newEntity) {
		return new RepositoryIsolationAssertion<>(repository, newEntity);
	}

	/**
	 * Starts an assertion on a set of callbacks.
	 * @param <ID> the row id type
	 * @param operations the operations under test
	 * @return the assertion, to be completed with {@code between(...)} and run with {@code verify()}
	 */
	public static <ID> OperationsIsolationAssertion<ID> forOperations(IsolationOperations<ID> operations) {
		return new OperationsIsolationAssertion<>(operations);
	}

}
