package dev.tenancy.test.isolation;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The data-access operations an isolation assertion exercises, as callbacks that each act for the tenant bound
 * when they are called: for code that is not a Spring Data repository ({@code JdbcTemplate}, native queries,
 * a service). Build one with {@link #builder(String)}.
 * <p>
 * Only {@link Builder#create(Supplier) create} and {@link Builder#findById(Predicate) findById} are required;
 * every other operation given is checked as well. The callbacks must not bind a tenant themselves, and must not
 * swallow the exceptions of reads.
 *
 * @param <ID> the row id type
 */
public final class IsolationOperations<ID> {

	static final String FIND_BY_ID = "findById";

	private final String name;

	private final Supplier<ID> create;

	private final Map<String, Predicate<ID>> reads;

	private final Map<String, Supplier<? extends Collection<ID>>> listings;

	private final Map<String, LongSupplier> counts;

	private final Map<String, Consumer<ID>> deletes;

	private final Map<String, Update<ID>> updates;

	private IsolationOperations(Builder<ID> builder) {
		this.name = builder.name;
		this.create = Objects.requireNonNull(builder.create, "create(...) is required: it saves a row as the bound "
				+ "tenant and returns its id");
		if (!builder.reads.containsKey(FIND_BY_ID)) {
			throw new IllegalStateException("findById(...) is required: it tells whether the bound tenant finds a row");
		}
		this.reads = Collections.unmodifiableMap(new LinkedHashMap<>(builder.reads));
		this.listings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.listings));
		this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(builder.counts));
		this.deletes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.deletes));
		this.updates = Collections.unmodifiableMap(new LinkedHashMap<>(builder.updates));
	}

	/**
	 * Starts a set of operations.
	 * @param <ID> the row id type
	 * @param name what the operations act on, for failure messages, such as {@code "notes (JdbcTemplate)"}
	 * @return the builder
	 */
	public static <ID> Builder<ID> builder(String name) {
		return new Builder<>(name);
	}

	String name() {
		return this.name;
	}

	ID create() {
		return this.create.get();
	}

	boolean findById(ID id) {
		return this.reads.get(FIND_BY_ID).test(id);
	}

	Map<String, Predicate<ID>> reads() {
		return this.reads;
	}

	Map<String, Supplier<? extends Collection<ID>>> listings() {
		return this.listings;
	}

	Map<String, LongSupplier> counts() {
		return this.counts;
	}

	Map<String, Consumer<ID>> deletes() {
		return this.deletes;
	}

	Map<String, Update<ID>> updates() {
		return this.updates;
	}

	/**
	 * A write that changes an existing row, and how to read the state it changes.
	 * @param <ID> the row id type
	 * @param change changes the row with the given id, as the bound tenant
	 * @param state reads the state the change affects, as the bound tenant; {@code null} when not found
	 */
	record Update<ID>(Consumer<ID> change, Function<ID, @Nullable Object> state) {

	}

	/**
	 * Builds {@link IsolationOperations}. Each callback acts for the tenant bound when it is called.
	 *
	 * @param <ID> the row id type
	 */
	public static final class Builder<ID> {

		private final String name;

		private @Nullable Supplier<ID> create;

		private final Map<String, Predicate<ID>> reads = new LinkedHashMap<>();

		private final Map<String, Supplier<? extends Collection<ID>>> listings = new LinkedHashMap<>();

		private final Map<String, LongSupplier> counts = new LinkedHashMap<>();

		private final Map<String, Consumer<ID>> deletes = new LinkedHashMap<>();

		private final Map<String, Update<ID>> updates = new LinkedHashMap<>();

		private Builder(String name) {
			this.name = Objects.requireNonNull(name, "name must not be null");
		}

		/**
		 * Saves a new row as the bound tenant (required).
		 * @param create saves a row and returns its id
		 * @return this builder
		 */
		public Builder<ID> create(Supplier<ID> create) {
			this.create = Objects.requireNonNull(create, "create must not be null");
			return this;
		}

		/**
		 * Looks a row up by id as the bound tenant (required).
		 * @param found whether the row with the given id is found
		 * @return this builder
		 */
		public Builder<ID> findById(Predicate<ID> found) {
			return read(FIND_BY_ID, found);
		}

		/**
		 * Tells whether a row exists as the bound tenant.
		 * @param exists whether the row with the given id exists
		 * @return this builder
		 */
		public Builder<ID> existsById(Predicate<ID> exists) {
			return read("existsById", exists);
		}

		/**
		 * Another read of one row by id, such as a native query.
		 * @param operation its name in failure messages
		 * @param found whether the row with the given id is found
		 * @return this builder
		 */
		public Builder<ID> read(String operation, Predicate<ID> found) {
			this.reads.put(operation, Objects.requireNonNull(found, "found must not be null"));
			return this;
		}

		/**
		 * Lists every row the bound tenant sees.
		 * @param ids the ids of the rows found
		 * @return this builder
		 */
		public Builder<ID> findAll(Supplier<? extends Collection<ID>> ids) {
			return list("findAll()", ids);
		}

		/**
		 * Another listing, such as a search or a page.
		 * @param operation its name in failure messages
		 * @param ids the ids of the rows found
		 * @return this builder
		 */
		public Builder<ID> list(String operation, Supplier<? extends Collection<ID>> ids) {
			this.listings.put(operation, Objects.requireNonNull(ids, "ids must not be null"));
			return this;
		}

		/**
		 * Counts the rows the bound tenant sees.
		 * @param count the count
		 * @return this builder
		 */
		public Builder<ID> count(LongSupplier count) {
			return count("count()", count);
		}

		/**
		 * Another count, such as the total of a page.
		 * @param operation its name in failure messages
		 * @param count the count
		 * @return this builder
		 */
		public Builder<ID> count(String operation, LongSupplier count) {
			this.counts.put(operation, Objects.requireNonNull(count, "count must not be null"));
			return this;
		}

		/**
		 * Deletes a row by id as the bound tenant. A delete that throws for another tenant's row counts as
		 * refused; what matters is that the row is still there.
		 * @param delete deletes the row with the given id
		 * @return this builder
		 */
		public Builder<ID> deleteById(Consumer<ID> delete) {
			return delete("deleteById", delete);
		}

		/**
		 * Another delete of one row.
		 * @param operation its name in failure messages
		 * @param delete deletes the row with the given id
		 * @return this builder
		 */
		public Builder<ID> delete(String operation, Consumer<ID> delete) {
			this.deletes.put(operation, Objects.requireNonNull(delete, "delete must not be null"));
			return this;
		}

		/**
		 * Changes a row as the bound tenant. The assertion changes the other tenant's row and checks, as that
		 * tenant, that {@code state} still reads what it did; and changes a tenant's own row to check that the
		 * change is seen at all. A change that throws for another tenant's row counts as refused.
		 * @param operation its name in failure messages
		 * @param change changes the row with the given id
		 * @param state reads what the change affects, {@code null} when the row is not found
		 * @return this builder
		 */
		public Builder<ID> update(String operation, Consumer<ID> change, Function<ID, @Nullable Object> state) {
			this.updates.put(operation, new Update<>(Objects.requireNonNull(change, "change must not be null"),
					Objects.requireNonNull(state, "state must not be null")));
			return this;
		}

		/**
		 * Returns the operations.
		 * @return the operations
		 * @throws IllegalStateException if {@code create} or {@code findById} is missing
		 */
		public IsolationOperations<ID> build() {
			return new IsolationOperations<>(this);
		}

	}

}
