package dev.tenancy.jpa.hibernate;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import org.hibernate.annotations.TenantId;

/** The root of a table-per-class inheritance hierarchy, with no table of its own. */
@Entity
@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
public abstract class Asset {

	@Id
	private UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	private String name;

	protected Asset() {
	}

	public String getName() {
		return this.name;
	}

}
