package dev.tenancy.sample.project;

import java.util.UUID;

import dev.tenancy.jpa.crypto.TenantEncrypted;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's project.
 * <p>
 * Hibernate fills {@link #tenantId} from the bound tenant on insert and adds it to every query; the column is
 * never exposed over HTTP. Ids are UUIDv7: unique across tenants without a shared sequence, and ordered by
 * creation time.
 */
@Entity
@Table(name = "projects")
public class Project {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	@TenantId
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private @Nullable String tenantId;

	@Column(nullable = false)
	private String name;

	/** Kept encrypted with the tenant's data key: the database holds Base64 ciphertext only. */
	@Convert(converter = TenantEncrypted.class)
	private @Nullable String description;

	protected Project() {
		this.name = "";
	}

	public Project(String name) {
		this(name, null);
	}

	public Project(String name, @Nullable String description) {
		this.name = name;
		this.description = description;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public @Nullable String getDescription() {
		return this.description;
	}

}
