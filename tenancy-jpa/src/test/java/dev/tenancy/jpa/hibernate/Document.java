package dev.tenancy.jpa.hibernate;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

/** The root of a joined inheritance hierarchy. */
@Entity
@Table(name = "documents")
@Inheritance(strategy = InheritanceType.JOINED)
public class Document {

	@Id
	private UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	private String title;

	protected Document() {
	}

	public String getTitle() {
		return this.title;
	}

}
