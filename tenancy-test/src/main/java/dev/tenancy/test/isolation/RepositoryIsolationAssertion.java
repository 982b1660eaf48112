package dev.tenancy.test.isolation;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.data.repository.CrudRepository;

/**
 * An isolation assertion on a Spring Data repository.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public final class RepositoryIsolationAssertion<T, ID>
		extends TenantIsolationAssertion<RepositoryIsolationAssertion<T, ID>> {

	private final CrudRepository<T, ID> repository;

	private final Supplier<? extends T> newEntity;

	private @Nullable Function<? super T, ? extends @Nullable ID> idOf;

	private @Nullable Consumer<? super T> change;

	private @Nullable Function<? super T, ?> state;

	RepositoryIsolationAssertion(CrudRepository<T, ID> repository, Supplier<? extends T> newEntity) {
		this.repository = Objects.requireNonNull(repository, "repository must not be null");
		this.newEntity = Objects.requireNonNull(newEntity, "newEntity must not be null");
	}

	/**
	 * Tells how to read a saved entity's id, when it has no {@code getId()} or {@code id()} method and no field
	 * annotated {@code @Id}.
	 * @param idOf reads the id
	 * @return this assertion
	 */
	public RepositoryIsolationAssertion<T, ID> identifiedBy(Function<? super T, ? extends @Nullable ID> idOf) {
		this.idOf = Objects.requireNonNull(idOf, "idOf must not be null");
		return this;
	}

	/**
	 * Also checks {@code save} of a changed entity: the other tenant applies {@code change} to an entity of this
	 * tenant (as this tenant saved it) and saves it; this tenant must then still read the same {@code state}.
	 * @param change changes an entity, for example {@code project -> project.setName("renamed")}
	 * @param state reads what the change affects, for example {@code Project::getName}
	 * @return this assertion
	 */
	public RepositoryIsolationAssertion<T, ID> updating(Consumer<? super T> change, Function<? super T, ?> state) {
		this.change = Objects.requireNonNull(change, "change must not be null");
		this.state = Objects.requireNonNull(state, "state must not be null");
		return this;
	}

	@Override
	IsolationOperations<ID> operations() {
		return RepositoryOperations.of(this.repository, this.newEntity,
				(this.idOf != null) ? this.idOf : EntityIds.reader(), this.change, this.state);
	}

}
