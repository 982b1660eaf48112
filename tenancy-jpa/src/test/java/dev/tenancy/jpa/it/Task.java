package dev.tenancy.jpa.it;

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

@Entity
@Table(name = "tasks")
public class Task {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "project_id")
	private Project project;

	private String title;

	private boolean done;

	protected Task() {
	}

	public Task(Project project, String title) {
		this.project = project;
		this.title = title;
	}

	public UUID getId() {
		return this.id;
	}

	public Project getProject() {
		return this.project;
	}

	public String getTitle() {
		return this.title;
	}

	public boolean isDone() {
		return this.done;
	}

}
