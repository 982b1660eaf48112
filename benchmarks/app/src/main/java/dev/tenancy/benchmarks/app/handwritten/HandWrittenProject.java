package dev.tenancy.benchmarks.app.handwritten;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A project with a plain {@code tenant_id} column that the application fills and filters by itself.
 */
@Entity
@Table(name = "projects")
class HandWrittenProject {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	@Column(nullable = false)
	private String name;

	protected HandWrittenProject() {
		this.tenantId = "";
		this.name = "";
	}

	HandWrittenProject(String tenantId, String name) {
		this.tenantId = tenantId;
		this.name = name;
	}

	@Nullable UUID getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

}
