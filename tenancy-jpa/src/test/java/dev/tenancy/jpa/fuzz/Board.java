package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tenancy.jpa.hibernate.TenantFilters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UuidGenerator;

/**
 * The fuzz suite's parent entity: one model for SHARED, SCHEMA and DATABASE tenants. Every name starts with the
 * owning tenant's id and a colon, so any row can be told apart from another tenant's without a model.
 */
@Entity
@Table(name = "fuzz_boards")
public class Board {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	private int seq;

	private String name;

	private String code;

	private int revision;

	@OneToMany(mappedBy = "board", fetch = FetchType.LAZY)
	@Filter(name = TenantFilters.NAME, condition = TenantFilters.CONDITION)
	private List<Card> cards = new ArrayList<>();

	protected Board() {
	}

	public Board(int seq, String name, String code) {
		this.seq = seq;
		this.name = name;
		this.code = code;
	}

	public UUID getId() {
		return this.id;
	}

	public String getTenantId() {
		return this.tenantId;
	}

	public void setTenantId(String tenantId) {
		this.tenantId = tenantId;
	}

	public int getSeq() {
		return this.seq;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getCode() {
		return this.code;
	}

	public int getRevision() {
		return this.revision;
	}

	public void setRevision(int revision) {
		this.revision = revision;
	}

	public List<Card> getCards() {
		return this.cards;
	}

	BoardRow toRow() {
		return new BoardRow(this.tenantId, this.id, this.seq, this.name, this.code, this.revision);
	}

}
