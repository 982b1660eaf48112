package dev.tenancy.jpa.fuzz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.test.TenancyTestDatabase;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Transactions that do not simply commit: rolled back, aborted by an exception or an SQL error mid-way, rolled
 * back to a savepoint, and run on a thread that is interrupted mid-operation. Afterwards the tenant's rows are
 * as before (or as the committed part left them), and the connection serves the next user, with another tenant
 * or none, as a clean connection.
 */
final class TransactionOperations {

	private final FuzzContext context;

	private final ThreadOperations threads;

	private final List<ExecutorService> interruptibleWorkers;

	TransactionOperations(FuzzContext context, ThreadOperations threads, List<ExecutorService> interruptibleWorkers) {
		this.context = context;
		this.threads = threads;
		this.interruptibleWorkers = interruptibleWorkers;
	}

	void run(Operation op) throws Exception {
		switch (op.kind()) {
			case ROLLBACK_ONLY -> rollbackOnly(op);
			case EXCEPTION_MID_TRANSACTION -> exceptionMidTransaction(op);
			case SQL_ERROR_MID_TRANSACTION -> sqlErrorMidTransaction(op);
			case SAVEPOINT -> savepoint(op);
			case INTERRUPT_SELF -> interruptSelf(op);
			case INTERRUPT_BLOCKED -> interruptBlocked(op);
			default -> throw new IllegalArgumentException("not a transaction operation: " + op.kind());
		}
	}

	private void rollbackOnly(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		String code = WriteOperations.freeCode(self, op.b());
		int seq = self.takeBoardSeq();
		String name = self.label("rolledback");
		TenantContext.where(self.id()).run(() -> this.context.app.tx.executeWithoutResult((status) -> {
			this.context.app.entityManager.persist(new Board(seq, name, (code != null) ? code : "K-rollback"));
			if (mine != null) {
				this.context.app.boards.bumpRevision(mine.id());
				if (this.context.variant.rls()) {
					this.context.app.jdbc.update("update fuzz_boards set name = ? where id = ?", name, mine.id());
				}
			}
			this.context.app.entityManager.flush();
			status.setRollbackOnly();
		}));
		this.context.verifySelf(op);
	}

	private void exceptionMidTransaction(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("aborted");
		Throwable thrown = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			Board board = this.context.app.boards.findById(mine.id()).orElseThrow();
			board.setName(name);
			this.context.app.entityManager.flush();
			throw new AbortedOnPurpose();
		}));
		if (!(thrown instanceof AbortedOnPurpose)) {
			this.context.checker.failure(op, "expected the deliberate exception, got " + FuzzContext.describe(thrown));
		}
		this.context.verifySelf(op);
		readsOwnRowsAfterwards(op);
	}

	private void sqlErrorMidTransaction(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("failed");
		int seq = self.takeBoardSeq();
		Throwable thrown = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			this.context.app.boards.findById(mine.id()).orElseThrow().setName(name);
			this.context.app.entityManager.flush();
			this.context.app.entityManager.persist(new Board(seq, name, mine.code()));
			this.context.app.entityManager.flush();
			return null;
		}));
		if (thrown == null) {
			this.context.checker.failure(op, "a duplicate own code was accepted mid-transaction");
		}
		this.context.verifySelf(op);
		readsOwnRowsAfterwards(op);
	}

	/**
	 * Saves A, takes a savepoint on the transaction's JDBC connection, saves B, rolls back to the savepoint,
	 * then reads and saves C in the same transaction: the tenant must still be set after the rollback to the
	 * savepoint (the library sets it before the savepoint), and only A and C stay. Spring's JPA transactions do
	 * not offer savepoints, so they are taken on the connection itself, as JDBC code in the transaction would.
	 */
	private void savepoint(Operation op) {
		TenantModel self = this.context.self(op);
		String codeA = WriteOperations.freeCode(self, op.a());
		if (codeA == null) {
			return;
		}
		int seqA = self.takeBoardSeq();
		String nameA = self.label("a");
		int seqB = self.takeBoardSeq();
		String nameB = self.label("b");
		int seqC = self.takeBoardSeq();
		String nameC = self.label("c");
		BoardRow[] saved = new BoardRow[2];
		long[] countAfterRollback = new long[1];
		TenantContext.where(self.id()).run(() -> this.context.app.tx.executeWithoutResult((status) -> {
			Connection connection = DataSourceUtils.getConnection(this.context.app.dataSource);
			Board boardA = new Board(seqA, nameA, codeA);
			this.context.app.entityManager.persist(boardA);
			this.context.app.entityManager.flush();
			saved[0] = boardA.toRow();
			try {
				Savepoint savepoint = connection.setSavepoint();
				String codeB = WriteOperations.ownCode(self, "K-savepoint-", seqB);
				this.context.app.entityManager.persist(new Board(seqB, nameB, codeB));
				this.context.app.entityManager.flush();
				connection.rollback(savepoint);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			this.context.app.entityManager.clear();
			countAfterRollback[0] = this.context.app.boards.count();
			String codeC = WriteOperations.freeCode(self, op.b() + 1);
			// A holds one free code already; C needs another
			String cCode = (codeC == null || codeC.equals(codeA)) ? WriteOperations.ownCode(self, "K-savepoint-", seqC)
					: codeC;
			Board boardC = new Board(seqC, nameC, cCode);
			this.context.app.entityManager.persist(boardC);
			this.context.app.entityManager.flush();
			saved[1] = boardC.toRow();
		}));
		self.put(saved[0]);
		this.context.checker.count(op, "boards seen after rolling back to the savepoint", countAfterRollback[0],
				self.boards().size());
		self.put(saved[1]);
		this.context.verifySelf(op);
	}

	/**
	 * The thread interrupts itself mid-transaction and the blocking call that follows fails: the transaction
	 * rolls back with the thread still interrupted, and the pooled thread and connection go on clean.
	 */
	private void interruptSelf(Operation op) throws Exception {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("interrupted");
		ExecutorService worker = this.interruptibleWorkers.get(op.worker());
		Future<Object> outcome = TenantContext.where(self.id()).get(() -> worker.submit(() -> this.context.app.tx.execute((status) -> {
			this.context.app.boards.findById(mine.id()).orElseThrow().setName(name);
			this.context.app.entityManager.flush();
			Thread.currentThread().interrupt();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AbortedOnPurpose();
			}
			return null;
		})));
		Throwable thrown = this.context.attempt(() -> ThreadOperations.awaitUnchecked(outcome));
		if (thrown == null) {
			this.context.checker.failure(op, "the interrupted transaction completed");
		}
		this.context.verifySelf(op);
		this.threads.noTenantOn(op, worker, "the interrupted worker's thread");
	}

	/**
	 * The thread is interrupted while its statement waits for a row lock held by the superuser; the lock is then
	 * released. Whether the transaction commits is up to the driver; either way only the tenant's own row may
	 * change, and the thread and connection go on clean.
	 */
	private void interruptBlocked(Operation op) throws Exception {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		FuzzTenant.Location location = self.tenant().location();
		ExecutorService worker = this.interruptibleWorkers.get(op.worker());
		CompletableFuture<Integer> finished = new CompletableFuture<>();
		try (Connection lock = this.context.topology.superuser(location).getConnection()) {
			lock.setAutoCommit(false);
			int lockingPid = lockRow(lock, location, self.id(), mine);
			Future<?> task = TenantContext.where(self.id()).get(() -> worker.submit(() -> {
				try {
					finished.complete(this.context.app.tx.execute((status) -> {
						this.context.app.boards.count();
						return this.context.app.boards.bumpRevision(mine.id());
					}));
				}
				catch (Throwable ex) {
					finished.completeExceptionally(ex);
				}
			}));
			if (!awaitBlocked(location, lockingPid, finished)) {
				this.context.checker.failure(op, "the worker never waited for the locked row: "
						+ (finished.isDone() ? "it finished first" : "not within 60 s"));
			}
			task.cancel(true);
			lock.rollback();
		}
		Throwable thrown = this.context.attempt(() -> ThreadOperations.awaitUnchecked(finished));
		BoardRow now = this.context.view.boards(location, self.id())
			.stream()
			.filter((row) -> row.id().equals(mine.id()) && row.tenantId().equals(self.id()))
			.findFirst()
			.orElse(null);
		if (thrown == null && now != null && now.revision() == mine.revision() + 1) {
			self.put(mine.withRevision(mine.revision() + 1));
		}
		this.context.verifySelf(op);
		this.threads.noTenantOn(op, worker, "the interrupted worker's thread");
	}

	private static int lockRow(Connection lock, FuzzTenant.Location location, String tenant, BoardRow board)
			throws SQLException {
		try (PreparedStatement select = lock.prepareStatement("select pg_backend_pid() from "
				+ location.table("fuzz_boards") + " where tenant_id = ? and id = ? for update")) {
			select.setString(1, tenant);
			select.setObject(2, board.id());
			try (ResultSet rows = select.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("row to lock is gone: " + board);
				}
				return rows.getInt(1);
			}
		}
	}

	/**
	 * Polls until a backend of the runtime role waits for the lock held by {@code lockingPid}; gives up when the
	 * task finished without waiting. A synchronisation point, not a timing assertion: the deadline only bounds a
	 * broken run.
	 */
	private boolean awaitBlocked(FuzzTenant.Location location, int lockingPid, CompletableFuture<?> finished)
			throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		try (Connection watch = this.context.topology.superuser(location).getConnection();
				PreparedStatement blocked = watch.prepareStatement("select count(*) from pg_stat_activity "
						+ "where usename = ? and ? = any (pg_blocking_pids(pid))")) {
			blocked.setString(1, TenancyTestDatabase.APP_ROLE);
			blocked.setInt(2, lockingPid);
			while (System.nanoTime() < deadline && !finished.isDone()) {
				try (ResultSet rows = blocked.executeQuery()) {
					rows.next();
					if (rows.getInt(1) > 0) {
						return true;
					}
				}
				Thread.sleep(2);
			}
		}
		return false;
	}

	/** After a failed transaction, the next one on the tenant's connection sees exactly its rows. */
	private void readsOwnRowsAfterwards(Operation op) {
		TenantModel self = this.context.self(op);
		List<BoardRow> found = this.context.inTransaction(op,
				() -> this.context.app.boards.findAll().stream().map(Board::toRow).toList());
		this.context.checker.boards(op, self.id(), found, self.boards());
	}

	/** Thrown on purpose to abort a transaction. */
	static final class AbortedOnPurpose extends RuntimeException {

		AbortedOnPurpose() {
			super("aborted on purpose by the fuzz run", null, false, false);
		}

	}

}
