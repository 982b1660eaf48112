package dev.tenancy.jpa.fuzz;

import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Runs one operation by handing it to the family of operations it belongs to.
 */
final class OperationRunner {

	private final ReadOperations reads;

	private final WriteOperations writes;

	private final EntityAttackOperations attacks;

	private final SqlOperations sql;

	private final TransactionOperations transactions;

	private final ThreadOperations threads;

	OperationRunner(FuzzContext context, ExecutorService propagating, List<ExecutorService> interruptibleWorkers) {
		this.reads = new ReadOperations(context);
		this.writes = new WriteOperations(context);
		this.attacks = new EntityAttackOperations(context);
		this.sql = new SqlOperations(context);
		this.threads = new ThreadOperations(context, propagating);
		this.transactions = new TransactionOperations(context, this.threads, interruptibleWorkers);
	}

	void run(Operation op) throws Exception {
		switch (op.kind().path()) {
			case FIND_BY_ID, JPQL, JPQL_JOIN, CRITERIA, DERIVED_QUERY, PAGING, LAZY_TO_MANY, LAZY_TO_ONE -> this.reads.run(op);
			case NATIVE_SQL, JDBC_TEMPLATE, SCHEMA_QUALIFIED_SQL -> {
				switch (op.kind()) {
					case NATIVE_READ, NATIVE_ENTITY_READ, JDBC_READ, QUALIFIED_READ -> this.reads.run(op);
					default -> this.sql.run(op);
				}
			}
			case ENTITY_WRITE, BULK_JPQL, UNIQUE_KEY, MOVE_TENANT, FOREIGN_KEY -> {
				switch (op.kind()) {
					case JPQL_INSERT, JPQL_INSERT_FOR_OTHER, PLANT_FOR_OTHER, MERGE_OTHERS_ENTITY, MOVE_TO_OTHER_JPQL,
							FOREIGN_KEY_ENTITY -> this.attacks.run(op);
					case MOVE_TO_OTHER_SQL, FOREIGN_KEY_SQL -> this.sql.run(op);
					default -> this.writes.run(op);
				}
			}
			case ON_CONFLICT -> this.sql.run(op);
			case ROLLBACK, SAVEPOINT, INTERRUPT -> this.transactions.run(op);
			case ASYNC, TASK_DECORATOR, PROPAGATING_EXECUTOR, NO_TENANT -> this.threads.run(op);
		}
	}

}
