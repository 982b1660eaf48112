package dev.tenancy.jpa.it;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import dev.tenancy.jpa.hibernate.TenantFilters;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UuidGenerator;

@Entity
@Table(name = "projects")
public class Project {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	private String name;

	private String code;

	// Hibernate filters entities by @TenantId but not the rows of a to-many collection; the library's
	// filter name and parameter extend it to this collection.
	@OneToMany(mappedBy = "project", fetch = FetchType.LAZY)
	@Filter(name = TenantFilters.NAME, condition = TenantFilters.CONDITION)
	private List<Task> tasks = new ArrayList<>();

	protected Project() {
	}

	public Project(String name) {
		this.name = name;
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

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getCode() {
		return this.code;
	}

	public void setCode(String code) {
		this.code = code;
	}

	public List<Task> getTasks() {
		return this.tasks;
	}

}
