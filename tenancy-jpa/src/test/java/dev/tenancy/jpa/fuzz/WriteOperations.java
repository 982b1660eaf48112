package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The tenant's own writes through Hibernate: saves, updates and deletes, and bulk JPQL aimed at its own and
 * other tenants' keys. Every write is verified at once against the database, as the superuser.
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

	/**
	 * A code outside the shared code space for a row the operation itself creates: {@code prefix} and {@code seq},
	 * with a counter added while the tenant already uses it. The seq alone is not enough: {@code SAVE_SHARED_CODE}
	 * copies another tenant's code, so a tenant can hold a code made from another tenant's seq.
	 */
	static String ownCode(TenantModel model, String prefix, int seq) {
		String code = prefix + seq;
		for (int n = 2; model.boardWithCode(code) != null; n++) {
			code = prefix + seq + "-" + n;
		}
		return code;
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
			return rows.stream()
				.map((row) -> (row instanceof Board entity) ? (Object) entity.toRow() : ((Card) row).toRow())
				.toList();
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
