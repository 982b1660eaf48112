package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * What one tenant owns, as the fuzz run expects it: its boards and cards with every field. Rows are listed in
 * the order they were created ({@code seq}), never by id, so that choices made from them replay with the same
 * seed although generated ids differ between runs.
 * <p>
 * Used by the tenant's worker only, and by the reconciliation while every worker waits.
 */
final class TenantModel {

	private static final Comparator<BoardRow> BY_BOARD_SEQ = Comparator.comparingInt(BoardRow::seq);

	private static final Comparator<CardRow> BY_CARD_SEQ = Comparator.comparingInt(CardRow::seq);

	private final FuzzTenant tenant;

	private final Map<UUID, BoardRow> boards = new HashMap<>();

	private final Map<UUID, CardRow> cards = new HashMap<>();

	private int nextBoardSeq = 1;

	private int nextCardSeq = 1;

	private int nextLabel = 1;

	TenantModel(FuzzTenant tenant) {
		this.tenant = tenant;
	}

	FuzzTenant tenant() {
		return this.tenant;
	}

	String id() {
		return this.tenant.id();
	}

	/** A fresh name for this tenant: its prefix and a counter. */
	String label(String what) {
		return this.tenant.prefix() + what + this.nextLabel++;
	}

	int takeBoardSeq() {
		return this.nextBoardSeq++;
	}

	int takeCardSeq() {
		return this.nextCardSeq++;
	}

	List<BoardRow> boards() {
		List<BoardRow> rows = new ArrayList<>(this.boards.values());
		rows.sort(BY_BOARD_SEQ);
		return rows;
	}

	List<CardRow> cards() {
		List<CardRow> rows = new ArrayList<>(this.cards.values());
		rows.sort(BY_CARD_SEQ);
		return rows;
	}

	List<BoardRow> boards(Predicate<BoardRow> filter) {
		return boards().stream().filter(filter).toList();
	}

	List<CardRow> cards(Predicate<CardRow> filter) {
		return cards().stream().filter(filter).toList();
	}

	List<CardRow> cardsOf(UUID boardId) {
		return cards((card) -> card.boardId().equals(boardId));
	}

	@Nullable BoardRow board(UUID id) {
		return this.boards.get(id);
	}

	@Nullable CardRow card(UUID id) {
		return this.cards.get(id);
	}

	boolean ownsBoard(UUID id) {
		return this.boards.containsKey(id);
	}

	boolean ownsCard(UUID id) {
		return this.cards.containsKey(id);
	}

	@Nullable BoardRow boardWithCode(String code) {
		return this.boards.values().stream().filter((board) -> board.code().equals(code)).findFirst().orElse(null);
	}

	/** The row at a position drawn from {@code random}, or {@code null} if there are none. */
	@Nullable BoardRow pickBoard(long random) {
		return pick(boards(), random);
	}

	@Nullable CardRow pickCard(long random) {
		return pick(cards(), random);
	}

	static <T> @Nullable T pick(List<T> rows, long random) {
		return rows.isEmpty() ? null : rows.get((int) Math.floorMod(random, (long) rows.size()));
	}

	void put(BoardRow board) {
		this.boards.put(board.id(), board);
		this.nextBoardSeq = Math.max(this.nextBoardSeq, board.seq() + 1);
	}

	void put(CardRow card) {
		this.cards.put(card.id(), card);
		this.nextCardSeq = Math.max(this.nextCardSeq, card.seq() + 1);
	}

	/** Removes a board and, as the database's ON DELETE CASCADE does, its cards. */
	void removeBoard(UUID id) {
		this.boards.remove(id);
		this.cards.values().removeIf((card) -> card.boardId().equals(id));
	}

	void removeCard(UUID id) {
		this.cards.remove(id);
	}

	/** Replaces what the model expects with what the database holds, after a difference has been reported once. */
	void resync(Collection<BoardRow> boards, Collection<CardRow> cards) {
		this.boards.clear();
		this.cards.clear();
		boards.forEach(this::put);
		cards.forEach(this::put);
	}

}
