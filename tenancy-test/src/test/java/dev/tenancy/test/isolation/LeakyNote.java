package dev.tenancy.test.isolation;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/** A note with no tenant at all, in a table without row-level security: every tenant sees every note. */
@Entity
@Table(name = "leaky_notes")
class LeakyNote {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@Column(nullable = false)
	private String text;

	protected LeakyNote() {
		this.text = "";
	}

	LeakyNote(String text) {
		this.text = text;
	}

	String getText() {
		return this.text;
	}

	void setText(String text) {
		this.text = text;
	}

}
