package dev.tenancy.jpa.hibernate;

import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.engine.spi.LoadQueryInfluencers;

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

	/**
	 * Whether the {@code @TenantId} filter, which the caller has found enabled, is all that shapes a session's
	 * loads and queries beyond their own terms: it is the only enabled filter, with no fetch profile, entity graph
	 * or temporal query, and the session's batch and subselect fetch settings are the factory's. Then what
	 * Hibernate builds for the session differs from another session's of the same tenant in nothing, and the
	 * library can keep it per tenant.
	 * @param influencers the session's influencers
	 * @param options the session factory's options
	 * @return whether plans and trees built for this session can serve the tenant's other sessions
	 */
	static boolean isTheOnlyInfluence(LoadQueryInfluencers influencers, SessionFactoryOptions options) {
		return influencers.getEnabledFilterNames().size() == 1 && !influencers.hasEnabledFetchProfiles()
				&& !influencers.hasEnabledCascadingFetchProfile()
				&& influencers.getEffectiveEntityGraph().getGraph() == null
				&& influencers.getTemporalIdentifier() == null && !influencers.isAllRevisions()
				&& influencers.getBatchSize() == options.getDefaultBatchFetchSize()
				&& influencers.getSubselectFetchEnabled() == options.isSubselectFetchEnabled();
	}

}
