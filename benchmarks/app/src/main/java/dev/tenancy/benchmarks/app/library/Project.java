package dev.tenancy.benchmarks.app.library;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A project as the library's users write it: Hibernate fills and filters {@link #tenantId} from the bound tenant.
 */
@Entity
@Table(name = "projects")
class Project {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private @Nullable String tenantId;

	@Column(nullable = false)
	private String name;

	protected Project() {
		this.name = "";
	}

	Project(String name) {
		this.name = name;
	}

	@Nullable UUID getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

}
