package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tenancy.core.Placement;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * Reads on every path: each returns exactly the tenant's own matching rows, although the parameters often name
 * another tenant's ids, codes and prefixes, and although some ids exist in several tenants.
 */
final class ReadOperations {

	private final FuzzContext context;

	ReadOperations(FuzzContext context) {
		this.context = context;
	}

	void run(Operation op) {
		switch (op.kind()) {
			case FIND_BY_ID -> findById(op);
			case JPQL_FILTER -> jpqlFilter(op);
			case JPQL_BY_CODE -> jpqlByCode(op);
			case JPQL_JOIN -> jpqlJoin(op);
			case CRITERIA -> criteria(op);
			case DERIVED_BY_CODE -> derivedByCode(op);
			case DERIVED_COUNT -> derivedCount(op);
			case PAGE -> page(op);
			case PAGE_BY_PREFIX -> pageByPrefix(op);
			case COUNT -> count(op);
			case LAZY_COLLECTION -> lazyCollection(op);
			case FETCH_JOIN_COLLECTION -> fetchJoinCollection(op);
			case LAZY_TO_ONE -> lazyToOne(op);
			case NATIVE_READ -> nativeRead(op);
			case NATIVE_ENTITY_READ -> nativeEntityRead(op);
			case JDBC_READ -> jdbcRead(op);
			case QUALIFIED_READ -> qualifiedRead(op);
			default -> throw new IllegalArgumentException("not a read: " + op.kind());
		}
	}

	private void findById(Operation op) {
		TenantModel self = this.context.self(op);
		List<UUID> ids = FuzzContext.ids(FuzzContext.idOf(self.pickBoard(op.a())),
				FuzzContext.idOf(this.context.other(op).pickBoard(op.b())), FuzzContext.uuid(op.c(), op.a()));
		List<BoardRow> found = this.context.inTransaction(op, () -> ids.stream()
			.map(this.context.app.boards::findById)
			.flatMap(Optional::stream)
			.map(Board::toRow)
			.toList());
		this.context.checker.boards(op, self.id(), found, ids.stream().map(self::board).filter((row) -> row != null).toList());
	}

	private void jpqlFilter(Operation op) {
		TenantModel self = this.context.self(op);
		int revision = (int) Math.floorMod(op.a(), 4L);
		List<BoardRow> found = this.context.inTransaction(op, () -> this.context.app.entityManager
			.createQuery("select b from Board b where b.revision >= :revision", Board.class)
			.setParameter("revision", revision)
			.getResultStream()
			.map(Board::toRow)
			.toList());
		this.context.checker.boards(op, self.id(), found, self.boards((row) -> row.revision() >= revision));
	}

	private void jpqlByCode(Operation op) {
		TenantModel self = this.context.self(op);
		String code = code(op);
		List<BoardRow> found = this.context.inTransaction(op, () -> this.context.app.entityManager
			.createQuery("select b from Board b where b.code = :code", Board.class)
			.setParameter("code", code)
			.getResultStream()
			.map(Board::toRow)
			.toList());
		this.context.checker.boards(op, self.id(), found, self.boards((row) -> row.code().equals(code)));
	}

	private void jpqlJoin(Operation op) {
		TenantModel self = this.context.self(op);
		List<UUID> ids = boardIds(op);
		List<Object[]> rows = this.context.inTransaction(op, () -> this.context.app.entityManager
			.createQuery("select c, b from Card c join c.board b where b.id in :ids", Object[].class)
			.setParameter("ids", ids)
			.getResultStream()
			.map((row) -> new Object[] { ((Card) row[0]).toRow(), ((Board) row[1]).toRow() })
			.toList());
		List<CardRow> cards = rows.stream().map((row) -> (CardRow) row[0]).toList();
		List<CardRow> expectedCards = self.cards((card) -> ids.contains(card.boardId()));
		if (this.context.checker.cards(op, self.id(), cards, expectedCards)) {
			Map<UUID, BoardRow> joined = new LinkedHashMap<>();
			rows.forEach((row) -> joined.putIfAbsent(((BoardRow) row[1]).id(), (BoardRow) row[1]));
			this.context.checker.boards(op, self.id(), joined.values(),
					expectedCards.stream().map(CardRow::boardId).distinct().map(self::board).toList());
		}
	}

	private void criteria(Operation op) {
		TenantModel self = this.context.self(op);
		String prefix = prefix(op);
		List<UUID> ids = boardIds(op);
		List<BoardRow> found = this.context.inTransaction(op, () -> {
			CriteriaBuilder cb = this.context.app.entityManager.getCriteriaBuilder();
			CriteriaQuery<Board> query = cb.createQuery(Board.class);
			Root<Board> board = query.from(Board.class);
			query.select(board).where(cb.or(cb.like(board.get("name"), prefix + "%"), board.get("id").in(ids)));
			return this.context.app.entityManager.createQuery(query).getResultStream().map(Board::toRow).toList();
		});
		this.context.checker.boards(op, self.id(), found,
				self.boards((row) -> row.name().startsWith(prefix) || ids.contains(row.id())));
	}

	private void derivedByCode(Operation op) {
		TenantModel self = this.context.self(op);
		String code = code(op);
		List<BoardRow> found = this.context.inTransaction(op,
				() -> this.context.app.boards.findByCode(code).stream().map(Board::toRow).toList());
		this.context.checker.boards(op, self.id(), found, self.boards((row) -> row.code().equals(code)));
	}

	private void derivedCount(Operation op) {
		TenantModel self = this.context.self(op);
		String prefix = prefix(op);
		long counted = this.context.inTransaction(op, () -> this.context.app.boards.countByNameStartingWith(prefix));
		this.context.checker.count(op, "boards named " + prefix + "*", counted,
				self.boards((row) -> row.name().startsWith(prefix)).size());
	}

	private void page(Operation op) {
		TenantModel self = this.context.self(op);
		int size = 1 + (int) Math.floorMod(op.a(), 4L);
		int number = (int) Math.floorMod(op.b(), 3L);
		Page<BoardRow> page = this.context.inTransaction(op, () -> this.context.app.boards
			.findAll(PageRequest.of(number, size, Sort.by("seq")))
			.map(Board::toRow));
		List<BoardRow> all = self.boards();
		List<BoardRow> slice = all.subList(Math.min(all.size(), number * size), Math.min(all.size(), (number + 1) * size));
		if (this.context.checker.boards(op, self.id(), page.getContent(), slice)) {
			this.context.checker.count(op, "page total", page.getTotalElements(), all.size());
		}
	}

	private void pageByPrefix(Operation op) {
		TenantModel self = this.context.self(op);
		String prefix = prefix(op);
		Page<BoardRow> page = this.context.inTransaction(op, () -> this.context.app.boards
			.findByNameStartingWith(prefix, PageRequest.of(0, 5, Sort.by("seq")))
			.map(Board::toRow));
		List<BoardRow> matching = self.boards((row) -> row.name().startsWith(prefix));
		if (this.context.checker.boards(op, self.id(), page.getContent(), matching.subList(0, Math.min(5, matching.size())))) {
			this.context.checker.count(op, "page total of " + prefix + "*", page.getTotalElements(), matching.size());
		}
	}

	private void count(Operation op) {
		TenantModel self = this.context.self(op);
		long boards = this.context.inTransaction(op, () -> this.context.app.boards.count());
		long cards = this.context.inTransaction(op, () -> this.context.app.cards.count());
		if (this.context.checker.count(op, "boards", boards, self.boards().size())) {
			this.context.checker.count(op, "cards", cards, self.cards().size());
		}
	}

	private void lazyCollection(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow board = self.pickBoard(op.a());
		if (board == null) {
			return;
		}
		List<CardRow> found = this.context.inTransaction(op, () -> this.context.app.boards.findById(board.id())
			.map((entity) -> entity.getCards().stream().map(Card::toRow).toList())
			.orElse(null));
		if (found == null) {
			this.context.checker.failure(op, "own board " + board + " not found");
			return;
		}
		this.context.checker.cards(op, self.id(), found, self.cardsOf(board.id()));
	}

	private void fetchJoinCollection(Operation op) {
		TenantModel self = this.context.self(op);
		List<UUID> ids = boardIds(op);
		List<Board> boards = new ArrayList<>();
		List<CardRow> cards = new ArrayList<>();
		List<BoardRow> found = this.context.inTransaction(op, () -> {
			boards.addAll(this.context.app.entityManager
				.createQuery("select distinct b from Board b left join fetch b.cards where b.id in :ids", Board.class)
				.setParameter("ids", ids)
				.getResultList());
			boards.forEach((board) -> board.getCards().forEach((card) -> cards.add(card.toRow())));
			return boards.stream().map(Board::toRow).toList();
		});
		if (this.context.checker.boards(op, self.id(), found, ids.stream().map(self::board).filter((row) -> row != null).toList())) {
			this.context.checker.cards(op, self.id(), cards, self.cards((card) -> ids.contains(card.boardId())));
		}
	}

	private void lazyToOne(Operation op) {
		TenantModel self = this.context.self(op);
		int points = (int) Math.floorMod(op.a(), 3L);
		List<BoardRow> found = this.context.inTransaction(op, () -> this.context.app.cards.findByPointsGreaterThanEqual(points)
			.stream()
			.map((card) -> card.getBoard().toRow())
			.distinct()
			.toList());
		this.context.checker.boards(op, self.id(), found, self.cards((card) -> card.points() >= points)
			.stream()
			.map(CardRow::boardId)
			.distinct()
			.map(self::board)
			.toList());
	}

	private void nativeRead(Operation op) {
		TenantModel self = this.context.self(op);
		int revision = (int) Math.floorMod(op.a(), 4L);
		String code = code(op);
		List<BoardRow> found = this.context.inTransaction(op, () -> {
			List<?> rows = this.context.app.entityManager
				.createNativeQuery("select " + SuperuserView.BOARD_COLUMNS
						+ " from fuzz_boards where revision >= ?1 or code = ?2")
				.setParameter(1, revision)
				.setParameter(2, code)
				.getResultList();
			return rows.stream().map((row) -> boardOf((Object[]) row)).toList();
		});
		this.context.checker.boards(op, self.id(), found,
				self.boards((row) -> row.revision() >= revision || row.code().equals(code)));
	}

	private void nativeEntityRead(Operation op) {
		TenantModel self = this.context.self(op);
		String code = code(op);
		List<BoardRow> found = this.context.inTransaction(op,
				() -> this.context.app.boards.findByCodeNatively(code).stream().map(Board::toRow).toList());
		this.context.checker.boards(op, self.id(), found, self.boards((row) -> row.code().equals(code)));
	}

	private void jdbcRead(Operation op) {
		TenantModel self = this.context.self(op);
		int points = (int) Math.floorMod(op.a(), 4L);
		List<CardRow> found = this.context.inTransaction(op, () -> this.context.app.jdbc.query(
				"select " + SuperuserView.CARD_COLUMNS + " from fuzz_cards where points >= ?", SuperuserView.CARD, points));
		this.context.checker.cards(op, self.id(), found, self.cards((card) -> card.points() >= points));
	}

	private void qualifiedRead(Operation op) {
		TenantModel self = this.context.self(op);
		FuzzTenant.Location target = sameDatabaseLocation(self.tenant(), op.a());
		List<BoardRow> found = this.context.inTransaction(op, () -> this.context.app.jdbc
			.query("select " + SuperuserView.BOARD_COLUMNS + " from " + target.table("fuzz_boards"), SuperuserView.BOARD));
		this.context.checker.boards(op, self.id(), found,
				target.equals(self.tenant().location()) ? self.boards() : List.of());
	}

	/** A place in the same database as the tenant's own (so SQL can name it): its own, or another's. */
	FuzzTenant.Location sameDatabaseLocation(FuzzTenant tenant, long random) {
		List<FuzzTenant.Location> candidates = new ArrayList<>();
		for (FuzzTenant other : this.context.topology.tenants()) {
			FuzzTenant.Location location = other.location();
			if (location.database().equals(tenant.location().database()) && !candidates.contains(location)
					&& (tenant.placement() != Placement.DATABASE || location.equals(tenant.location()))) {
				candidates.add(location);
			}
		}
		return TenantModel.pick(candidates, random);
	}

	/** A board code: usually one the other tenant uses (which this tenant may use too), sometimes an own one. */
	private String code(Operation op) {
		TenantModel source = (Math.floorMod(op.b(), 3L) == 0) ? this.context.self(op) : this.context.other(op);
		BoardRow board = source.pickBoard(op.c());
		return (board != null) ? board.code() : "K" + Math.floorMod(op.c(), 60L);
	}

	/** A name prefix: the other tenant's, or (every third time) the tenant's own. */
	private String prefix(Operation op) {
		return (Math.floorMod(op.b(), 3L) == 0) ? this.context.self(op).tenant().prefix()
				: this.context.other(op).tenant().prefix();
	}

	/** An own board id and another tenant's board id (which may also be an own id). */
	private List<UUID> boardIds(Operation op) {
		return FuzzContext.ids(FuzzContext.idOf(this.context.self(op).pickBoard(op.a())),
				FuzzContext.idOf(this.context.other(op).pickBoard(op.c())));
	}

	static BoardRow boardOf(Object[] row) {
		return new BoardRow((String) row[0], UUID.fromString(String.valueOf(row[1])), ((Number) row[2]).intValue(),
				(String) row[3], (String) row[4], ((Number) row[5]).intValue());
	}

}
