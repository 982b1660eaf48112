package dev.tenancy.jpa.hibernate;

/**
 * Thrown when a JPQL or Criteria {@code update} or {@code insert} would write an entity's {@code @TenantId}
 * attribute: that would move rows to another tenant, or write rows for one. A row's tenant never changes in
 * tenant work; the tenant of new rows comes from the bound tenant.
 */
public class TenantIdAssignmentException extends IllegalStateException {

	public TenantIdAssignmentException(String message) {
		super(message);
	}

}
