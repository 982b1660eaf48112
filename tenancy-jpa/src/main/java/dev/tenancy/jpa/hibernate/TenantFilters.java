package dev.tenancy.jpa.hibernate;

/**
 * Extends Hibernate's {@code @TenantId} filtering to to-many collections, which Hibernate loads without the
 * tenant predicate:
 *
 * <pre>{@code
 * @OneToMany(mappedBy = "project")
 * @Filter(name = TenantFilters.NAME, condition = TenantFilters.CONDITION)
 * private List<Task> tasks;
 * }</pre>
 *
 * The filter is the one Hibernate defines and enables for {@code @TenantId}, so it carries the session's
 * tenant and is off for the root tenant, exactly like the entity filter. Row-level security covers such
 * collections regardless; this makes the Hibernate layer cover them too.
 */
public final class TenantFilters {

	/** The name of the filter Hibernate enables for {@code @TenantId} columns. */
	public static final String NAME = "_tenantId";

	/** The name of the filter's one parameter, which Hibernate sets to the session's tenant. */
	public static final String PARAMETER = "tenantId";

	/** The filter condition for a collection whose table has a {@code tenant_id} column. */
	public static final String CONDITION = "tenant_id = :tenantId";

	private TenantFilters() {
	}

}
