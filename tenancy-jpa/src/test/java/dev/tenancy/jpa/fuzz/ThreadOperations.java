package dev.tenancy.jpa.fuzz;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;

/**
 * Tenant work on other threads: {@code @Async} methods and Boot's task executor (the auto-configured
 * {@code ContextPropagatingTaskDecorator}), an executor wrapped by {@code TenantExecutors.propagating}, and work
 * with no tenant bound, on the worker's thread and on pooled threads that served tenants before.
 */
final class ThreadOperations {

	private static final long TIMEOUT_SECONDS = 60;

	private final FuzzContext context;

	private final ExecutorService propagating;

	ThreadOperations(FuzzContext context, ExecutorService propagating) {
		this.context = context;
		this.propagating = propagating;
	}

	void run(Operation op) throws Exception {
		switch (op.kind()) {
			case ASYNC_READ -> asyncRead(op);
			case ASYNC_WRITE -> asyncWrite(op);
			case TASK_EXECUTOR_READ -> executorRead(op, this.context.app.taskExecutor::submit);
			case PROPAGATING_READ -> executorRead(op, this.propagating::submit);
			case PROPAGATING_WRITE -> propagatingWrite(op);
			case NO_TENANT_JPA -> noTenantJpa(op);
			case NO_TENANT_SQL -> noTenantSql(op);
			case NO_TENANT_ON_EXECUTORS -> noTenantOnExecutors(op);
			default -> throw new IllegalArgumentException("not a thread operation: " + op.kind());
		}
	}

	private void asyncRead(Operation op) throws Exception {
		TenantModel self = this.context.self(op);
		int revision = (int) Math.floorMod(op.a(), 3L);
		AsyncBoards.AsyncResult<List<BoardRow>> result = await(
				TenantContext.where(self.id()).get(() -> this.context.app.async.boardsFrom(revision)));
		if (arrived(op, self.id(), result.tenant(), result.thread())) {
			this.context.checker.boards(op, self.id(), result.value(), self.boards((row) -> row.revision() >= revision));
		}
	}

	private void asyncWrite(Operation op) throws Exception {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		AsyncBoards.AsyncResult<Integer> result = await(
				TenantContext.where(self.id()).get(() -> this.context.app.async.bumpRevision(mine.id())));
		if (arrived(op, self.id(), result.tenant(), result.thread())) {
			this.context.checker.count(op, "boards bumped", result.value(), 1);
			self.put(mine.withRevision(mine.revision() + 1));
		}
		this.context.verifySelf(op);
	}

	private void executorRead(Operation op, Submitter submitter) throws Exception {
		TenantModel self = this.context.self(op);
		Seen<List<CardRow>> seen = await(TenantContext.where(self.id()).get(() -> submitter.submit(() -> new Seen<>(tenant(),
				Thread.currentThread().getName(), this.context.app.tx.execute((status) -> this.context.app.entityManager
					.createQuery("select c from Card c", Card.class)
					.getResultStream()
					.map(Card::toRow)
					.toList())))));
		if (arrived(op, self.id(), seen.tenant(), seen.thread())) {
			this.context.checker.cards(op, self.id(), seen.value(), self.cards());
		}
	}

	private void propagatingWrite(Operation op) throws Exception {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("elsewhere");
		Seen<Boolean> seen = await(TenantContext.where(self.id()).get(() -> this.propagating.submit(() -> new Seen<>(tenant(),
				Thread.currentThread().getName(), this.context.app.tx.execute((status) -> this.context.app.boards
					.findById(mine.id())
					.map((board) -> {
						board.setName(name);
						return true;
					})
					.orElse(false))))));
		if (arrived(op, self.id(), seen.tenant(), seen.thread())) {
			if (Boolean.TRUE.equals(seen.value())) {
				self.put(mine.withName(name));
			}
			else {
				this.context.checker.failure(op, "own board " + mine + " not found on the propagating executor");
			}
		}
		this.context.verifySelf(op);
	}

	private void noTenantJpa(Operation op) {
		if (!workerHasNoTenant(op)) {
			return;
		}
		Object[] rows = new Object[1];
		this.context.attempt(() -> rows[0] = this.context.app.tx
			.execute((status) -> this.context.app.boards.findAll().stream().map(Board::toRow).toList()));
		if (rows[0] != null) {
			this.context.checker.nothing(op, "findAll", (List<?>) rows[0]);
		}
		Throwable refused = this.context.attempt(() -> this.context.app.tx.executeWithoutResult((status) -> {
			this.context.app.entityManager.persist(new Board(0, "nobody:" + op.index(), "K-nobody-" + op.index()));
			this.context.app.entityManager.flush();
		}));
		if (refused == null) {
			this.context.checker.leak(op, "a board was saved with no tenant bound");
		}
	}

	private void noTenantSql(Operation op) {
		if (!workerHasNoTenant(op)) {
			return;
		}
		FuzzTenant target = this.context.topology.tenant(op.other());
		FuzzTenant.Location location = target.location();
		boolean shared = location.database().equals(this.context.topology.main().name());
		// with no tenant the connection comes from the shared pool, in the shared database
		FuzzTenant.Location readable = shared ? location
				: new FuzzTenant.Location(FuzzServer.FIRST, this.context.topology.main().name(), "public");
		List<BoardRow> boards = this.context.app.tx.execute((status) -> this.context.app.jdbc
			.query("select " + SuperuserView.BOARD_COLUMNS + " from " + readable.table("fuzz_boards"), SuperuserView.BOARD));
		this.context.checker.nothing(op, "select from " + readable, boards);
		Integer updated = this.context.app.tx.execute((status) -> this.context.app.jdbc
			.update("update " + readable.table("fuzz_cards") + " set points = points + 1"));
		this.context.checker.count(op, "cards updated with no tenant", updated, 0);
		Throwable refused = this.context.attempt(() -> this.context.app.tx.execute((status) -> this.context.app.jdbc.update(
				"insert into fuzz_boards (" + SuperuserView.BOARD_COLUMNS + ") values (?, gen_random_uuid(), 0, ?, ?, 0)",
				op.other(), "nobody:" + op.index(), "K-nobody-" + op.index())));
		if (refused == null) {
			this.context.checker.leak(op, "a row for " + op.other() + " was inserted with no tenant bound");
		}
		if (target.placement() == dev.tenancy.core.Placement.SHARED) {
			this.context.verifier.verify(op, this.context.other(op), true);
		}
	}

	private void noTenantOnExecutors(Operation op) throws Exception {
		if (!workerHasNoTenant(op)) {
			return;
		}
		noTenantOn(op, this.propagating, "the propagating executor");
		noTenantOn(op, this.context.app.taskExecutor, "Boot's task executor");
		Object[] result = new Object[1];
		Throwable refused = this.context.attempt(() -> result[0] = awaitUnchecked(this.context.app.async.boardsFrom(0)));
		if (refused == null) {
			AsyncBoards.AsyncResult<?> async = (AsyncBoards.AsyncResult<?>) result[0];
			if (!async.tenant().isEmpty()) {
				this.context.checker.leak(op, "@Async with no tenant ran as " + async.tenant() + " on " + async.thread());
			}
			this.context.checker.nothing(op, "@Async read", (List<?>) async.value());
		}
	}

	/**
	 * Runs work with no tenant on a pooled executor that served tenants before: the thread must carry no
	 * tenant, Hibernate must refuse, and SQL must see no rows (where row-level security is on).
	 */
	void noTenantOn(Operation op, java.util.concurrent.Executor executor, String where) throws Exception {
		Callable<Seen<List<BoardRow>>> probe = () -> {
			String tenant = tenant();
			List<BoardRow> rows = List.of();
			if (this.context.variant.rls() || this.context.variant.isControl()) {
				rows = this.context.app.tx.execute((status) -> this.context.app.jdbc
					.query("select " + SuperuserView.BOARD_COLUMNS + " from fuzz_boards", SuperuserView.BOARD));
			}
			boolean refused = this.context
				.attempt(() -> this.context.app.tx.execute((status) -> this.context.app.boards.count())) != null;
			return new Seen<>(tenant + (refused ? "" : "<hibernate did not refuse>"), Thread.currentThread().getName(), rows);
		};
		Seen<List<BoardRow>> seen;
		try (TenantContext.Binding none = TenantContext.bind((TenantId) null)) {
			Future<Seen<List<BoardRow>>> future = (executor instanceof ExecutorService service) ? service.submit(probe)
					: ((org.springframework.core.task.AsyncTaskExecutor) executor).submit(probe);
			seen = await(future);
		}
		if (seen.tenant().startsWith("<") || seen.tenant().isEmpty()) {
			if (!seen.tenant().isEmpty()) {
				this.context.checker.failure(op, "Hibernate ran a query with no tenant bound on " + where);
			}
		}
		else {
			this.context.checker.leak(op, where + " (" + seen.thread() + ") still carried tenant " + seen.tenant()
					+ " for work submitted with none");
		}
		this.context.checker.nothing(op, "SQL on " + where, seen.value());
	}

	private boolean workerHasNoTenant(Operation op) {
		Optional<TenantId> bound = TenantContext.current();
		if (bound.isPresent()) {
			this.context.checker.leak(op, "the worker thread still carries tenant " + bound.get());
			return false;
		}
		return true;
	}

	private boolean arrived(Operation op, String tenant, String seen, String thread) {
		if (seen.equals(tenant)) {
			return true;
		}
		if (seen.isEmpty()) {
			this.context.checker.failure(op, "the tenant did not reach " + thread);
		}
		else {
			this.context.checker.leak(op, "work of " + tenant + " ran as " + seen + " on " + thread);
		}
		return false;
	}

	private static String tenant() {
		return TenantContext.current().map(TenantId::value).orElse("");
	}

	static <T> T await(Future<T> future) throws Exception {
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException("no result within " + TIMEOUT_SECONDS + " s", ex);
		}
	}

	static <T> T awaitUnchecked(Future<T> future) {
		try {
			return await(future);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a task on another thread saw: the tenant bound there, the thread, and its result. */
	record Seen<T>(String tenant, String thread, T value) {

	}

	@FunctionalInterface
	interface Submitter {

		<T> Future<T> submit(Callable<T> task);

	}

}
