package dev.tenancy.jpa.fuzz;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The privileged view of tenant rows: reads as the superuser, beside the application, to verify what writes did.
 * Never used for isolation assertions themselves, which run as the restricted role through the application.
 */
final class SuperuserView {

	static final RowMapper<BoardRow> BOARD = (rs, row) -> new BoardRow(rs.getString("tenant_id"),
			rs.getObject("id", UUID.class), rs.getInt("seq"), rs.getString("name"), rs.getString("code"),
			rs.getInt("revision"));

	static final RowMapper<CardRow> CARD = (rs, row) -> new CardRow(rs.getString("tenant_id"),
			rs.getObject("id", UUID.class), rs.getObject("board_id", UUID.class), rs.getInt("seq"),
			rs.getString("title"), rs.getInt("points"));

	static final String BOARD_COLUMNS = "tenant_id, id, seq, name, code, revision";

	static final String CARD_COLUMNS = "tenant_id, id, board_id, seq, title, points";

	private final FuzzTopology topology;

	SuperuserView(FuzzTopology topology) {
		this.topology = topology;
	}

	/**
	 * Boards at a location: all of them, or those of one tenant, including rows that carry its prefix under
	 * another tenant id (written by it for someone else).
	 */
	List<BoardRow> boards(FuzzTenant.Location location, @Nullable String tenant) {
		String sql = "select " + BOARD_COLUMNS + " from " + location.table("fuzz_boards");
		return (tenant != null)
				? jdbc(location).query(sql + " where tenant_id = ? or split_part(name, ':', 1) = ?", BOARD, tenant, tenant)
				: jdbc(location).query(sql, BOARD);
	}

	List<CardRow> cards(FuzzTenant.Location location, @Nullable String tenant) {
		String sql = "select " + CARD_COLUMNS + " from " + location.table("fuzz_cards");
		return (tenant != null)
				? jdbc(location).query(sql + " where tenant_id = ? or split_part(title, ':', 1) = ?", CARD, tenant, tenant)
				: jdbc(location).query(sql, CARD);
	}

	void insert(FuzzTenant.Location location, List<BoardRow> boards, List<CardRow> cards) {
		JdbcTemplate jdbc = jdbc(location);
		for (BoardRow board : boards) {
			jdbc.update("insert into " + location.table("fuzz_boards") + " (" + BOARD_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
					board.tenantId(), board.id(), board.seq(), board.name(), board.code(), board.revision());
		}
		for (CardRow card : cards) {
			jdbc.update("insert into " + location.table("fuzz_cards") + " (" + CARD_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
					card.tenantId(), card.id(), card.boardId(), card.seq(), card.title(), card.points());
		}
	}

	JdbcTemplate jdbc(FuzzTenant.Location location) {
		return new JdbcTemplate(this.topology.superuser(location));
	}

}
