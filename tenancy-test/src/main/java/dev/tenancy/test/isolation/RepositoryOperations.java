package dev.tenancy.test.isolation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;
import org.springframework.data.repository.Repository;

/**
 * The operations of a Spring Data repository, as {@link IsolationOperations}.
 * <p>
 * Deletes by entity and changes through {@code save} use the entity as its own tenant saved it: that is what a
 * caller of the other tenant could hold, for example from a cache or a request body.
 */
final class RepositoryOperations {

	private static final int PAGE_SIZE = 50;

	private RepositoryOperations() {
	}

	static <T, ID> IsolationOperations<ID> of(CrudRepository<T, ID> repository, Supplier<? extends T> newEntity,
			Function<? super T, ? extends @Nullable ID> idOf, @Nullable Consumer<? super T> change,
			@Nullable Function<? super T, ?> state) {
		Map<ID, T> saved = new ConcurrentHashMap<>();
		IsolationOperations.Builder<ID> operations = IsolationOperations.<ID>builder(name(repository))
			.create(() -> {
				T entity = repository.save(newEntity.get());
				ID id = idOf.apply(entity);
				if (id == null) {
					throw new IllegalStateException("the saved " + entity.getClass().getSimpleName() + " has no id");
				}
				saved.put(id, entity);
				return id;
			})
			.findById((id) -> repository.findById(id).isPresent())
			.existsById(repository::existsById)
			.read("findAllById", (id) -> repository.findAllById(List.of(id)).iterator().hasNext())
			.findAll(() -> ids(repository.findAll(), idOf))
			.count(repository::count);
		if (repository instanceof PagingAndSortingRepository<?, ?> paging) {
			@SuppressWarnings("unchecked")
			PagingAndSortingRepository<T, ID> pages = (PagingAndSortingRepository<T, ID>) paging;
			operations.list("findAll(Pageable)", () -> allPages(pages, idOf))
				// a full first page makes Spring Data run the count query rather than count the content
				.count("findAll(Pageable).getTotalElements()",
						() -> pages.findAll(PageRequest.of(0, 1)).getTotalElements());
		}
		operations.deleteById(repository::deleteById)
			.delete("delete(entity)", (id) -> repository.delete(entity(saved, id)))
			.delete("deleteAllById", (id) -> repository.deleteAllById(List.of(id)))
			.delete("deleteAll(entities)", (id) -> repository.deleteAll(List.of(entity(saved, id))));
		if (change != null && state != null) {
			operations.update("save (update)", (id) -> {
				// its own tenant finds it; the other tenant can only hold the entity its owner saved
				T entity = repository.findById(id).orElseGet(() -> entity(saved, id));
				change.accept(entity);
				repository.save(entity);
			}, (id) -> repository.findById(id).map(state).orElse(null));
		}
		return operations.build();
	}

	private static <T, ID> T entity(Map<ID, T> saved, ID id) {
		T entity = saved.get(id);
		if (entity == null) {
			throw new IllegalStateException("no saved entity with id " + id);
		}
		return entity;
	}

	private static <T, ID> List<ID> ids(Iterable<T> entities, Function<? super T, ? extends @Nullable ID> idOf) {
		List<ID> ids = new ArrayList<>();
		for (T entity : entities) {
			ID id = idOf.apply(entity);
			if (id != null) {
				ids.add(id);
			}
		}
		return ids;
	}

	private static <T, ID> List<ID> allPages(PagingAndSortingRepository<T, ID> repository,
			Function<? super T, ? extends @Nullable ID> idOf) {
		List<ID> ids = new ArrayList<>();
		Page<T> page = repository.findAll(PageRequest.of(0, PAGE_SIZE));
		ids.addAll(ids(page.getContent(), idOf));
		while (page.hasNext() && !page.getContent().isEmpty()) {
			page = repository.findAll(page.nextPageable());
			ids.addAll(ids(page.getContent(), idOf));
		}
		return ids;
	}

	/** The repository's own interface, such as {@code ProjectRepository}, rather than its proxy class. */
	static String name(Object repository) {
		return Arrays.stream(repository.getClass().getInterfaces())
			.filter(Repository.class::isAssignableFrom)
			.filter((type) -> !type.getName().startsWith("org.springframework.data."))
			.map(Class::getSimpleName)
			.findFirst()
			.orElseGet(() -> repository.getClass().getSimpleName());
	}

}
