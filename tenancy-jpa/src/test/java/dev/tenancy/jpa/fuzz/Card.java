package dev.tenancy.jpa.fuzz;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UuidGenerator;

/**
 * The fuzz suite's child entity, under a {@link Board} through a composite foreign key in the database.
 */
@Entity
@Table(name = "fuzz_cards")
public class Card {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "board_id")
	private Board board;

	private int seq;

	private String title;

	private int points;

	protected Card() {
	}

	public Card(Board board, int seq, String title, int points) {
		this.board = board;
		this.seq = seq;
		this.title = title;
		this.points = points;
	}

	public UUID getId() {
		return this.id;
	}

	public String getTenantId() {
		return this.tenantId;
	}

	public Board getBoard() {
		return this.board;
	}

	public int getSeq() {
		return this.seq;
	}

	public String getTitle() {
		return this.title;
	}

	public int getPoints() {
		return this.points;
	}

	CardRow toRow() {
		return new CardRow(this.tenantId, this.id, this.board.getId(), this.seq, this.title, this.points);
	}

}
