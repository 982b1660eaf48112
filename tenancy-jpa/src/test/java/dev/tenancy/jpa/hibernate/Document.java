package dev.tenancy.jpa.hibernate;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;
import org.hibernate.annotations.TenantId;

/** The root of a joined inheritance hierarchy, with a filter of the application's own besides the tenant's. */
@Entity
@FilterDef(name = Document.TITLED, parameters = @ParamDef(name = "title", type = String.class))
@Filter(name = Document.TITLED, condition = "title = :title")
@Table(name = "documents")
@Inheritance(strategy = InheritanceType.JOINED)
public class Document {

	/** A filter an application might enable, restricting documents to one title. */
	public static final String TITLED = "titled";

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
