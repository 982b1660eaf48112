package dev.tenancy.jpa.fuzz;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import dev.tenancy.core.Placement;
import org.jspecify.annotations.Nullable;

/**
 * SQL that Hibernate does not write (native queries and {@code JdbcTemplate}): the tenant's own inserts with
 * another tenant's ids and keys, {@code INSERT ... ON CONFLICT}, foreign keys to another tenant's rows, and
 * attacks that only row-level security stops.
 */
final class SqlOperations {

	private static final String INSERT_BOARD = "insert into fuzz_boards (" + SuperuserView.BOARD_COLUMNS
			+ ") values (?, ?, ?, ?, ?, 0)";

	private static final String INSERT_CARD = "insert into fuzz_cards (" + SuperuserView.CARD_COLUMNS
			+ ") values (?, ?, ?, ?, ?, ?)";

	private final FuzzContext context;

	SqlOperations(FuzzContext context) {
		this.context = context;
	}

	void run(Operation op) {
		switch (op.kind()) {
			case INSERT_WITH_OTHERS_IDS -> insertWithOthersIds(op);
			case ON_CONFLICT_OWN -> onConflictOwn(op);
			case FOREIGN_KEY_SQL -> foreignKeySql(op);
			case SQL_UPDATE_OTHER -> updateOther(op);
			case SQL_DELETE_OTHER -> deleteOther(op);
			case SQL_INSERT_AS_OTHER -> insertAsOther(op);
			case QUALIFIED_WRITE -> qualifiedWrite(op);
			case ON_CONFLICT_AS_OTHER -> onConflictAsOther(op);
			case MOVE_TO_OTHER_SQL -> moveToOtherSql(op);
			default -> throw new IllegalArgumentException("not a SQL operation: " + op.kind());
		}
	}

	/** The tenant's own board and card with the other tenant's ids and code: allowed, keys lead with tenant_id. */
	private void insertWithOthersIds(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null || self.ownsBoard(theirs.id())) {
			return;
		}
		String code = (self.boardWithCode(theirs.code()) == null) ? theirs.code() : WriteOperations.freeCode(self, op.b());
		if (code == null) {
			return;
		}
		CardRow theirCard = TenantModel.pick(this.context.other(op).cards(), op.c());
		UUID cardId = (theirCard != null && !self.ownsCard(theirCard.id())) ? theirCard.id() : FuzzContext.uuid(op.c(), op.b());
		BoardRow board = new BoardRow(self.id(), theirs.id(), self.takeBoardSeq(), self.label("own"), code, 0);
		CardRow card = new CardRow(self.id(), cardId, board.id(), self.takeCardSeq(), self.label("c"), 1);
		this.context.inTransaction(op, () -> {
			this.context.app.jdbc.update(INSERT_BOARD, board.tenantId(), board.id(), board.seq(), board.name(), board.code());
			this.context.app.jdbc.update(INSERT_CARD, card.tenantId(), card.id(), card.boardId(), card.seq(), card.title(),
					card.points());
			return null;
		});
		self.put(board);
		self.put(card);
		this.context.verifyBoth(op);
	}

	/** An upsert on another tenant's code (and id): it may only ever insert or update the tenant's own row. */
	private void onConflictOwn(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		String code = (theirs != null) ? theirs.code() : "K" + Math.floorMod(op.b(), 60L);
		UUID id = (theirs != null && !self.ownsBoard(theirs.id())) ? theirs.id() : FuzzContext.uuid(op.b(), op.c());
		if (self.ownsBoard(id)) {
			return;
		}
		BoardRow existing = self.boardWithCode(code);
		int seq = (existing != null) ? 0 : self.takeBoardSeq();
		String name = self.label("upsert");
		int changed = this.context.inTransaction(op, () -> this.context.app.jdbc.update(
				"insert into fuzz_boards (" + SuperuserView.BOARD_COLUMNS + ") values (?, ?, ?, ?, ?, 0) "
						+ "on conflict (tenant_id, code) do update set name = excluded.name, revision = fuzz_boards.revision + 1",
				self.id(), id, seq, name, code));
		this.context.checker.count(op, "rows upserted", changed, 1);
		self.put((existing != null) ? existing.withName(name).withRevision(existing.revision() + 1)
				: new BoardRow(self.id(), id, seq, name, code, 0));
		this.context.verifyBoth(op);
	}

	/** A card of the tenant's own under another tenant's board: the composite foreign key refuses it. */
	private void foreignKeySql(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null || self.ownsBoard(theirs.id())) {
			return;
		}
		UUID id = FuzzContext.uuid(op.b(), op.c());
		int seq = self.takeCardSeq();
		String title = self.label("fk");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op,
				() -> this.context.app.jdbc.update(INSERT_CARD, self.id(), id, theirs.id(), seq, title, 0)));
		if (refused == null) {
			this.context.checker.leak(op, "a card referencing another tenant's board " + theirs + " was accepted");
		}
		else if (!"23503".equals(sqlState(refused))) {
			this.context.checker.failure(op, "expected a foreign key violation (23503), got " + FuzzContext.describe(refused));
		}
		this.context.verifyBoth(op);
	}

	private void updateOther(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		UUID id = (theirs != null) ? theirs.id() : FuzzContext.uuid(op.a(), op.b());
		String name = self.label("sql");
		int updated = this.context.inTransaction(op, () -> this.context.app.entityManager
			.createNativeQuery("update fuzz_boards set name = ?1, revision = revision + 100 where tenant_id = ?2 or id = ?3")
			.setParameter(1, name)
			.setParameter(2, op.other())
			.setParameter(3, id)
			.executeUpdate());
		// only the tenant's own board with the same id, if it has one, may change
		BoardRow mine = self.board(id);
		this.context.checker.count(op, "rows updated", updated, (mine != null) ? 1 : 0);
		if (mine != null) {
			self.put(mine.withName(name).withRevision(mine.revision() + 100));
		}
		this.context.verifyBoth(op);
	}

	private void deleteOther(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		String code = (theirs != null) ? theirs.code() : "none";
		int[] deleted = this.context.inTransaction(op, () -> new int[] {
				this.context.app.jdbc.update("delete from fuzz_cards where tenant_id = ?", op.other()),
				this.context.app.jdbc.update("delete from fuzz_boards where code = ? and tenant_id <> ?", code, self.id()) });
		this.context.checker.count(op, "cards deleted", deleted[0], 0);
		this.context.checker.count(op, "boards deleted", deleted[1], 0);
		this.context.verifyBoth(op);
	}

	private void insertAsOther(Operation op) {
		TenantModel self = this.context.self(op);
		int seq = self.takeBoardSeq();
		String name = self.label("planted");
		UUID id = FuzzContext.uuid(op.a(), op.b());
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op,
				() -> this.context.app.jdbc.update(INSERT_BOARD, op.other(), id, seq, name, "K-planted-" + seq)));
		expectRefused(op, refused, "a row inserted for another tenant");
	}

	/**
	 * SQL naming a place explicitly: the other tenant's schema (or the shared tables) when it is in the same
	 * database, else the tenant's own place. Row-level security inside every schema must still hold.
	 */
	private void qualifiedWrite(Operation op) {
		TenantModel self = this.context.self(op);
		TenantModel other = this.context.other(op);
		boolean reachable = self.tenant().placement() != Placement.DATABASE
				&& other.tenant().location().database().equals(self.tenant().location().database());
		FuzzTenant.Location target = reachable ? other.tenant().location() : self.tenant().location();
		BoardRow theirs = other.pickBoard(op.a());
		String code = (theirs != null) ? theirs.code() : "none";
		String name = self.label("qualified");
		int updated = this.context.inTransaction(op, () -> this.context.app.jdbc
			.update("update " + target.table("fuzz_boards") + " set name = ? where code = ?", name, code));
		List<BoardRow> expected = target.equals(self.tenant().location())
				? self.boards((row) -> row.code().equals(code)) : List.of();
		this.context.checker.count(op, "rows updated in " + target, updated, expected.size());
		expected.forEach((row) -> self.put(row.withName(name)));
		this.context.verifyBoth(op);
	}

	private void onConflictAsOther(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		UUID id = (theirs != null) ? theirs.id() : FuzzContext.uuid(op.a(), op.b());
		String code = (theirs != null) ? theirs.code() : "K" + Math.floorMod(op.b(), 60L);
		boolean doNothing = Math.floorMod(op.c(), 2L) == 0;
		String name = self.label("upsert");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> this.context.app.jdbc.update(
				"insert into fuzz_boards (" + SuperuserView.BOARD_COLUMNS + ") values (?, ?, 0, ?, ?, 0) on conflict "
						+ (doNothing ? "do nothing" : "(tenant_id, code) do update set name = excluded.name"),
				op.other(), id, name, code)));
		boolean clean = this.context.verifyBoth(op);
		if (refused == null && clean && doNothing) {
			// went through without a row: the answer differs from that for a key the other tenant lacks
			this.context.checker.failure(op, "ON CONFLICT DO NOTHING as another tenant was skipped rather than refused: "
					+ "an existence oracle");
		}
		else if (refused == null && clean) {
			this.context.checker.failure(op, "an upsert as another tenant went through without being refused");
		}
	}

	private void moveToOtherSql(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("move");
		Object[] moved = new Object[1];
		Throwable refused = this.context.attempt(() -> moved[0] = this.context.inTransaction(op, () -> this.context.app.jdbc
			.update("update fuzz_boards set tenant_id = ?, name = ? where id = ?", op.other(), name, mine.id())));
		if (refused == null && ((Integer) moved[0]) > 0) {
			this.context.checker.leak(op, "SQL moved " + moved[0] + " own row(s) to tenant " + op.other() + ": " + mine);
		}
		this.context.verifyBoth(op);
	}

	private void expectRefused(Operation op, @Nullable Throwable refused, String what) {
		boolean clean = this.context.verifyBoth(op);
		if (refused == null && clean) {
			this.context.checker.failure(op, what + " went through without being refused, though nothing changed");
		}
	}

	static @Nullable String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
