package dev.tenancy.sample.project;

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
import org.jspecify.annotations.Nullable;

/**
 * A task of a project, stamped with the same tenant as its project.
 * <p>
 * The database's foreign key is composite ({@code (tenant_id, project_id)}), so even a statement that slipped
 * past both layers could not attach a task to another tenant's project.
 */
@Entity
@Table(name = "tasks")
public class Task {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private @Nullable String tenantId;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "project_id", nullable = false, updatable = false)
	private @Nullable Project project;

	@Column(nullable = false)
	private String title;

	@Column(nullable = false)
	private boolean done;

	protected Task() {
		this.title = "";
	}

	public Task(Project project, String title) {
		this.project = project;
		this.title = title;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public boolean isDone() {
		return this.done;
	}

}
