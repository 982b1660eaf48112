package dev.tenancy.jpa.fuzz;

/**
 * What one fuzz operation does: its access path, which layer claims to stop it from crossing tenants, and how
 * often it is drawn.
 */
enum OperationKind {

	// reads through Hibernate
	FIND_BY_ID(Path.FIND_BY_ID, Coverage.EITHER_LAYER, 60),
	JPQL_FILTER(Path.JPQL, Coverage.EITHER_LAYER, 45),
	JPQL_BY_CODE(Path.JPQL, Coverage.EITHER_LAYER, 25),
	JPQL_JOIN(Path.JPQL_JOIN, Coverage.EITHER_LAYER, 35),
	CRITERIA(Path.CRITERIA, Coverage.EITHER_LAYER, 40),
	DERIVED_BY_CODE(Path.DERIVED_QUERY, Coverage.EITHER_LAYER, 25),
	DERIVED_COUNT(Path.DERIVED_QUERY, Coverage.EITHER_LAYER, 20),
	PAGE(Path.PAGING, Coverage.EITHER_LAYER, 30),
	PAGE_BY_PREFIX(Path.PAGING, Coverage.EITHER_LAYER, 20),
	COUNT(Path.PAGING, Coverage.EITHER_LAYER, 10),
	LAZY_COLLECTION(Path.LAZY_TO_MANY, Coverage.EITHER_LAYER, 40),
	FETCH_JOIN_COLLECTION(Path.LAZY_TO_MANY, Coverage.EITHER_LAYER, 20),
	LAZY_TO_ONE(Path.LAZY_TO_ONE, Coverage.EITHER_LAYER, 25),

	// reads around Hibernate: row-level security only
	NATIVE_READ(Path.NATIVE_SQL, Coverage.RLS, 35),
	NATIVE_ENTITY_READ(Path.NATIVE_SQL, Coverage.RLS, 15),
	JDBC_READ(Path.JDBC_TEMPLATE, Coverage.RLS, 35),
	QUALIFIED_READ(Path.SCHEMA_QUALIFIED_SQL, Coverage.RLS, 20),

	// the tenant's own writes through Hibernate
	SAVE_BOARD(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 45),
	SAVE_DUPLICATE_CODE(Path.UNIQUE_KEY, Coverage.EITHER_LAYER, 6),
	SAVE_SHARED_CODE(Path.UNIQUE_KEY, Coverage.EITHER_LAYER, 15),
	UPDATE_BOARD(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 35),
	ADD_CARD(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 30),
	DELETE_BOARD(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 12),
	DELETE_BY_OTHER_ID(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 15),
	BULK_UPDATE_BOARDS(Path.BULK_JPQL, Coverage.EITHER_LAYER, 30),
	BULK_UPDATE_CARDS(Path.BULK_JPQL, Coverage.EITHER_LAYER, 12),
	BULK_DELETE_CARDS(Path.BULK_JPQL, Coverage.EITHER_LAYER, 12),
	BULK_DELETE_BOARDS(Path.BULK_JPQL, Coverage.EITHER_LAYER, 6),
	JPQL_INSERT(Path.BULK_JPQL, Coverage.EITHER_LAYER, 8),

	// attacks through Hibernate
	PLANT_FOR_OTHER(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 10),
	MERGE_OTHERS_ENTITY(Path.ENTITY_WRITE, Coverage.EITHER_LAYER, 10),
	MOVE_TO_OTHER_JPQL(Path.MOVE_TENANT, Coverage.EITHER_LAYER, 10),
	JPQL_INSERT_FOR_OTHER(Path.BULK_JPQL, Coverage.EITHER_LAYER, 8),
	FOREIGN_KEY_ENTITY(Path.FOREIGN_KEY, Coverage.CONSTRAINTS, 10),

	// the tenant's own SQL with another tenant's keys: composite keys alone keep these apart
	INSERT_WITH_OTHERS_IDS(Path.JDBC_TEMPLATE, Coverage.CONSTRAINTS, 12),
	ON_CONFLICT_OWN(Path.ON_CONFLICT, Coverage.CONSTRAINTS, 15),
	FOREIGN_KEY_SQL(Path.FOREIGN_KEY, Coverage.CONSTRAINTS, 10),

	// attacks in SQL: row-level security only
	SQL_UPDATE_OTHER(Path.NATIVE_SQL, Coverage.RLS, 15),
	SQL_DELETE_OTHER(Path.JDBC_TEMPLATE, Coverage.RLS, 12),
	SQL_INSERT_AS_OTHER(Path.JDBC_TEMPLATE, Coverage.RLS, 10),
	QUALIFIED_WRITE(Path.SCHEMA_QUALIFIED_SQL, Coverage.RLS, 10),
	ON_CONFLICT_AS_OTHER(Path.ON_CONFLICT, Coverage.RLS, 10),
	MOVE_TO_OTHER_SQL(Path.MOVE_TENANT, Coverage.RLS, 10),

	// transactions
	ROLLBACK_ONLY(Path.ROLLBACK, Coverage.EITHER_LAYER, 15),
	EXCEPTION_MID_TRANSACTION(Path.ROLLBACK, Coverage.EITHER_LAYER, 12),
	SQL_ERROR_MID_TRANSACTION(Path.ROLLBACK, Coverage.EITHER_LAYER, 8),
	SAVEPOINT(Path.SAVEPOINT, Coverage.EITHER_LAYER, 15),
	INTERRUPT_SELF(Path.INTERRUPT, Coverage.EITHER_LAYER, 6),
	INTERRUPT_BLOCKED(Path.INTERRUPT, Coverage.EITHER_LAYER, 3),

	// other threads
	ASYNC_READ(Path.ASYNC, Coverage.EITHER_LAYER, 20),
	ASYNC_WRITE(Path.ASYNC, Coverage.EITHER_LAYER, 10),
	TASK_EXECUTOR_READ(Path.TASK_DECORATOR, Coverage.EITHER_LAYER, 15),
	PROPAGATING_READ(Path.PROPAGATING_EXECUTOR, Coverage.EITHER_LAYER, 15),
	PROPAGATING_WRITE(Path.PROPAGATING_EXECUTOR, Coverage.EITHER_LAYER, 8),

	// no tenant bound
	NO_TENANT_JPA(Path.NO_TENANT, Coverage.EITHER_LAYER, 12),
	NO_TENANT_SQL(Path.NO_TENANT, Coverage.RLS, 12),
	NO_TENANT_ON_EXECUTORS(Path.NO_TENANT, Coverage.EITHER_LAYER, 8);

	private final Path path;

	private final Coverage coverage;

	private final int weight;

	OperationKind(Path path, Coverage coverage, int weight) {
		this.path = path;
		this.coverage = coverage;
		this.weight = weight;
	}

	Path path() {
		return this.path;
	}

	Coverage coverage() {
		return this.coverage;
	}

	int weight() {
		return this.weight;
	}

	/** Whether the operation runs with no tenant bound. */
	boolean withoutTenant() {
		return this.path == Path.NO_TENANT;
	}

	/** The access paths reported in the summary. */
	enum Path {

		FIND_BY_ID, JPQL, JPQL_JOIN, CRITERIA, DERIVED_QUERY, PAGING, LAZY_TO_MANY, LAZY_TO_ONE, NATIVE_SQL,
		JDBC_TEMPLATE, SCHEMA_QUALIFIED_SQL, ENTITY_WRITE, BULK_JPQL, UNIQUE_KEY, MOVE_TENANT, FOREIGN_KEY,
		ON_CONFLICT, ROLLBACK, SAVEPOINT, INTERRUPT, ASYNC, TASK_DECORATOR, PROPAGATING_EXECUTOR, NO_TENANT

	}

	/** What keeps an operation of this kind within its tenant, per docs/row-level-security.md. */
	enum Coverage {

		/** Either layer alone: Hibernate's {@code @TenantId} and row-level security. */
		EITHER_LAYER,

		/** Row-level security only: SQL that Hibernate does not write. */
		RLS,

		/** Neither layer: keys led by tenant_id and composite foreign keys. */
		CONSTRAINTS

	}

}
