package dev.tenancy.encryption;

import java.util.UUID;

import dev.tenancy.jpa.crypto.TenantEncrypted;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

/** A tenant's contact, whose tax id only that tenant can read. */
@Entity
@Table(name = "contacts")
class Contact {

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	@Id
	private UUID id = UUID.randomUUID();

	private String name;

	@Convert(converter = TenantEncrypted.class)
	@Column(name = "tax_id")
	private String taxId;

	protected Contact() {
	}

	Contact(String name, String taxId) {
		this.name = name;
		this.taxId = taxId;
	}

	UUID getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

	String getTaxId() {
		return this.taxId;
	}

	void setTaxId(String taxId) {
		this.taxId = taxId;
	}

}
