package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Writes through Hibernate: the tenant's own saves, updates and deletes, bulk JPQL, and attacks on other
 * tenants' rows through entities and JPQL. Every write is verified at once against the database, as the
 * superuser.
 */
final class WriteOperations {

	private static final int CODES = 60;

	private final FuzzContext context;

	WriteOperations(FuzzContext context) {
		this.context = context;
	}

	void run(Operation op) {
		switch (op.kind()) {
			case SAVE_BOARD -> saveBoard(op, null);
			case SAVE_SHARED_CODE -> saveSharedCode(op);
			case SAVE_DUPLICATE_CODE -> saveDuplicateCode(op);
			case UPDATE_BOARD -> updateBoard(op);
			case ADD_CARD -> addCard(op);
			case DELETE_BOARD -> deleteBoard(op);
			case DELETE_BY_OTHER_ID -> deleteByOtherId(op);
			case BULK_UPDATE_BOARDS -> bulkUpdateBoards(op);
			case BULK_UPDATE_CARDS -> bulkUpdateCards(op);
			case BULK_DELETE_CARDS -> bulkDeleteCards(op);
			case BULK_DELETE_BOARDS -> bulkDeleteBoards(op);
			case JPQL_INSERT -> jpqlInsert(op, false);
			case JPQL_INSERT_FOR_OTHER -> jpqlInsert(op, true);
			case PLANT_FOR_OTHER -> plantForOther(op);
			case MERGE_OTHERS_ENTITY -> mergeOthersEntity(op);
			case MOVE_TO_OTHER_JPQL -> moveToOtherJpql(op);
			case FOREIGN_KEY_ENTITY -> foreignKeyEntity(op);
			default -> throw new IllegalArgumentException("not a Hibernate write: " + op.kind());
		}
	}

	/** A code from the shared code space that the tenant does not use yet, or {@code null} if it uses all. */
	static @Nullable String freeCode(TenantModel model, long random) {
		for (int i = 0; i < CODES; i++) {
			String code = "K" + Math.floorMod(random + i, (long) CODES);
			if (model.boardWithCode(code) == null) {
				return code;
			}
		}
		return null;
	}

	private void saveBoard(Operation op, @Nullable String wantedCode) {
		TenantModel self = this.context.self(op);
		String code = (wantedCode != null) ? wantedCode : freeCode(self, op.a());
		if (code == null) {
			return;
		}
		int seq = self.takeBoardSeq();
		String name = self.label("b");
		int cardCount = (int) Math.floorMod(op.b(), 3L);
		List<int[]> cards = new ArrayList<>();
		for (int i = 0; i < cardCount; i++) {
			cards.add(new int[] { self.takeCardSeq(), (int) Math.floorMod(op.c() >> (8 * i), 4L) });
		}
		List<String> titles = cards.stream().map((card) -> self.label("c")).toList();
		List<Object> saved = this.context.inTransaction(op, () -> {
			Board board = new Board(seq, name, code);
			this.context.app.entityManager.persist(board);
			List<Object> rows = new ArrayList<>();
			rows.add(board);
			for (int i = 0; i < cards.size(); i++) {
				Card card = new Card(board, cards.get(i)[0], titles.get(i), cards.get(i)[1]);
				this.context.app.entityManager.persist(card);
				rows.add(card);
			}
			this.context.app.entityManager.flush();
			return rows.stream().map((row) -> (row instanceof Board entity) ? (Object) entity.toRow() : ((Card) row).toRow()).toList();
		});
		saved.forEach((row) -> {
			if (row instanceof BoardRow board) {
				self.put(board);
			}
			else {
				self.put((CardRow) row);
			}
		});
		this.context.verifySelf(op);
	}

	private void saveSharedCode(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.c());
		String code = (theirs != null && self.boardWithCode(theirs.code()) == null) ? theirs.code() : freeCode(self, op.a());
		if (code == null) {
			return;
		}
		saveBoard(op, code);
		// the same business key in two tenants is allowed, and each sees only its own row under it
		List<BoardRow> found = this.context.inTransaction(op,
				() -> this.context.app.boards.findByCode(code).stream().map(Board::toRow).toList());
		this.context.checker.boards(op, self.id(), found, self.boards((row) -> row.code().equals(code)));
		this.context.verifier.verify(op, this.context.other(op), true);
	}

	private void saveDuplicateCode(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		int seq = self.takeBoardSeq();
		String name = self.label("dup");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			this.context.app.entityManager.persist(new Board(seq, name, mine.code()));
			this.context.app.entityManager.flush();
			return null;
		}));
		if (refused == null) {
			this.context.checker.failure(op, "a second own board with code " + mine.code() + " was accepted");
		}
		this.context.verifySelf(op);
	}

	private void updateBoard(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("u");
		Boolean found = this.context.inTransaction(op, () -> this.context.app.boards.findById(mine.id()).map((board) -> {
			board.setName(name);
			board.setRevision(board.getRevision() + 1);
			return true;
		}).orElse(false));
		if (!found) {
			this.context.checker.failure(op, "own board " + mine + " not found for update");
			return;
		}
		self.put(mine.withName(name).withRevision(mine.revision() + 1));
		this.context.verifySelf(op);
	}

	private void addCard(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		int seq = self.takeCardSeq();
		String title = self.label("c");
		int points = (int) Math.floorMod(op.b(), 4L);
		boolean byReference = Math.floorMod(op.c(), 2L) == 0;
		CardRow card = this.context.inTransaction(op, () -> {
			Board board = byReference ? this.context.app.entityManager.getReference(Board.class, mine.id())
					: this.context.app.boards.findById(mine.id()).orElseThrow();
			Card created = new Card(board, seq, title, points);
			this.context.app.entityManager.persist(created);
			this.context.app.entityManager.flush();
			return created.toRow();
		});
		self.put(card);
		this.context.verifySelf(op);
	}

	private void deleteBoard(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		this.context.inTransaction(op, () -> {
			this.context.app.boards.deleteById(mine.id());
			return null;
		});
		self.removeBoard(mine.id());
		this.context.verifySelf(op);
	}

	private void deleteByOtherId(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null) {
			return;
		}
		this.context.inTransaction(op, () -> {
			this.context.app.boards.deleteById(theirs.id());
			return null;
		});
		// the tenant's own board with the same id, if it has one, is the only one it may delete
		self.removeBoard(theirs.id());
		this.context.verifyBoth(op);
	}

	private void bulkUpdateBoards(Operation op) {
		TenantModel self = this.context.self(op);
		Set<String> codes = codes(op);
		String name = self.label("bulk");
		int updated = this.context.inTransaction(op, () -> this.context.app.boards.renameByCodes(name, codes));
		List<BoardRow> expected = self.boards((row) -> codes.contains(row.code()));
		this.context.checker.count(op, "boards renamed", updated, expected.size());
		expected.forEach((row) -> self.put(row.withName(name).withRevision(row.revision() + 1)));
		this.context.verifyBoth(op);
	}

	private void bulkUpdateCards(Operation op) {
		TenantModel self = this.context.self(op);
		int points = (int) Math.floorMod(op.a(), 4L);
		int updated = this.context.inTransaction(op, () -> this.context.app.cards.bumpPoints(points));
		List<CardRow> expected = self.cards((card) -> card.points() == points);
		this.context.checker.count(op, "cards updated", updated, expected.size());
		expected.forEach((card) -> self.put(card.withPoints(points + 1)));
		this.context.verifyBoth(op);
	}

	private void bulkDeleteCards(Operation op) {
		TenantModel self = this.context.self(op);
		int points = (int) Math.floorMod(op.a(), 5L);
		int deleted = this.context.inTransaction(op, () -> this.context.app.cards.deleteByPointsInBulk(points));
		List<CardRow> expected = self.cards((card) -> card.points() == points);
		this.context.checker.count(op, "cards deleted", deleted, expected.size());
		expected.forEach((card) -> self.removeCard(card.id()));
		this.context.verifyBoth(op);
	}

	private void bulkDeleteBoards(Operation op) {
		TenantModel self = this.context.self(op);
		Set<String> codes = codes(op);
		if (Math.floorMod(op.c(), 3L) != 0) {
			// mostly aim at the other tenant's codes only, so that tenants keep their boards
			BoardRow mine = self.pickBoard(op.a());
			if (mine != null) {
				codes.remove(mine.code());
			}
		}
		int deleted = this.context.inTransaction(op, () -> this.context.app.boards.deleteByCodesInBulk(codes));
		List<BoardRow> expected = self.boards((row) -> codes.contains(row.code()));
		this.context.checker.count(op, "boards deleted", deleted, expected.size());
		expected.forEach((row) -> self.removeBoard(row.id()));
		this.context.verifyBoth(op);
	}

	/**
	 * A JPQL insert: without a tenant it may only ever write the tenant's own row; naming another tenant it must
	 * be refused, like an entity set to another tenant.
	 */
	private void jpqlInsert(Operation op, boolean forOther) {
		TenantModel self = this.context.self(op);
		String code = freeCode(self, op.a());
		if (code == null) {
			return;
		}
		UUID id = FuzzContext.uuid(op.b(), op.c());
		if (self.ownsBoard(id)) {
			return;
		}
		int seq = self.takeBoardSeq();
		String name = self.label("insert");
		Object[] inserted = new Object[1];
		Throwable refused = this.context.attempt(() -> inserted[0] = this.context.inTransaction(op, () -> (forOther
				? this.context.app.entityManager
					.createQuery("insert into Board (id, tenantId, seq, name, code, revision) values (:id, :tenant, :seq, :name, :code, 0)")
					.setParameter("tenant", op.other())
				: this.context.app.entityManager
					.createQuery("insert into Board (id, seq, name, code, revision) values (:id, :seq, :name, :code, 0)"))
			.setParameter("id", id)
			.setParameter("seq", seq)
			.setParameter("name", name)
			.setParameter("code", code)
			.executeUpdate()));
		if (forOther) {
			expectRefused(op, refused, "a JPQL insert naming another tenant");
			return;
		}
		// Hibernate does not stamp the tenant on JPQL inserts: the NOT NULL tenant_id refuses them, which is
		// safe; if one goes through, it must have written the tenant's own row
		if (refused == null) {
			this.context.checker.count(op, "rows inserted", (Integer) inserted[0], 1);
			self.put(new BoardRow(self.id(), id, seq, name, code, 0));
		}
		this.context.verifySelf(op);
	}

	private void plantForOther(Operation op) {
		TenantModel self = this.context.self(op);
		String code = freeCode(self, op.a());
		int seq = self.takeBoardSeq();
		String name = self.label("plant");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			Board board = new Board(seq, name, (code != null) ? code : "K-plant");
			board.setTenantId(op.other());
			this.context.app.entityManager.persist(board);
			this.context.app.entityManager.flush();
			return null;
		}));
		expectRefused(op, refused, "an entity explicitly set to another tenant was saved");
	}

	private void mergeOthersEntity(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null || self.ownsBoard(theirs.id())) {
			return;
		}
		Board detached = dev.tenancy.core.context.TenantContext.where(op.other())
			.get(() -> this.context.app.tx.execute((status) -> this.context.app.boards.findById(theirs.id()).orElse(null)));
		if (detached == null) {
			this.context.checker.failure(op, "the other tenant's board " + theirs + " was not found as that tenant");
			return;
		}
		detached.setName(self.label("merge"));
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> this.context.app.boards.saveAndFlush(detached)));
		expectRefused(op, refused, "another tenant's detached entity was merged");
	}

	private void moveToOtherJpql(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("move");
		Object[] moved = new Object[1];
		Throwable refused = this.context.attempt(() -> moved[0] = this.context.inTransaction(op, () -> this.context.app.entityManager
			.createQuery("update Board b set b.tenantId = :other, b.name = :name where b.id = :id")
			.setParameter("other", op.other())
			.setParameter("name", name)
			.setParameter("id", mine.id())
			.executeUpdate()));
		if (refused == null && ((Integer) moved[0]) > 0) {
			this.context.checker.leak(op, "JPQL moved " + moved[0] + " own row(s) to tenant " + op.other() + ": " + mine);
		}
		this.context.verifyBoth(op);
	}

	private void foreignKeyEntity(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null || self.ownsBoard(theirs.id())) {
			return;
		}
		int seq = self.takeCardSeq();
		String title = self.label("fk");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			Card card = new Card(this.context.app.entityManager.getReference(Board.class, theirs.id()), seq, title, 0);
			this.context.app.entityManager.persist(card);
			this.context.app.entityManager.flush();
			return null;
		}));
		if (refused == null) {
			this.context.checker.leak(op, "a card referencing another tenant's board " + theirs + " was accepted");
		}
		this.context.verifyBoth(op);
	}

	/** After an attack that must be refused: verifies both tenants, and fails if it went through unnoticed. */
	private void expectRefused(Operation op, @Nullable Throwable refused, String what) {
		boolean clean = this.context.verifyBoth(op);
		if (refused == null && clean) {
			this.context.checker.failure(op, what + " without being refused, though nothing changed");
		}
	}

	/** Codes aimed at: one of the tenant's own and one of the other tenant's (which may be shared). */
	private Set<String> codes(Operation op) {
		Set<String> codes = new java.util.LinkedHashSet<>();
		BoardRow mine = this.context.self(op).pickBoard(op.a());
		BoardRow theirs = this.context.other(op).pickBoard(op.b());
		if (mine != null) {
			codes.add(mine.code());
		}
		if (theirs != null) {
			codes.add(theirs.code());
		}
		codes.add("K" + Math.floorMod(op.c(), (long) CODES));
		return codes;
	}

}
