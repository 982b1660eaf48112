package dev.tenancy.test.isolation;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/** A note scoped to its tenant by Hibernate. */
@Entity
@Table(name = "scoped_notes")
class ScopedNote {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private @Nullable String tenantId;

	@Column(nullable = false)
	private String text;

	protected ScopedNote() {
		this.text = "";
	}

	ScopedNote(String text) {
		this.text = text;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	String getText() {
		return this.text;
	}

	void setText(String text) {
		this.text = text;
	}

}
