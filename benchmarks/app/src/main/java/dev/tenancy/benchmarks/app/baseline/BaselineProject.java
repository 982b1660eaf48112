package dev.tenancy.benchmarks.app.baseline;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A project of a single-tenant application: no tenant column, the id alone is the key.
 */
@Entity
@Table(name = "projects")
class BaselineProject {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@Column(nullable = false)
	private String name;

	protected BaselineProject() {
		this.name = "";
	}

	BaselineProject(String name) {
		this.name = name;
	}

	@Nullable UUID getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

}
