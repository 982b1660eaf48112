package dev.tenancy.jpa.hibernate;

import com.github.benmanes.caffeine.cache.Cache;
import org.hibernate.Filter;
import org.hibernate.LockMode;
import org.hibernate.LockOptions;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.loader.ast.internal.SingleIdEntityLoaderStandardImpl;
import org.hibernate.loader.ast.internal.SingleIdLoadPlan;
import org.hibernate.loader.ast.spi.SingleIdEntityLoader;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.spi.RuntimeModelCreationContext;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.spi.PersisterClassResolver;
import org.jspecify.annotations.Nullable;

/**
 * One entity's plans for loading it by id under the {@code @TenantId} filter, kept per tenant.
 * <p>
 * While a filter is enabled, Hibernate builds and translates a new load plan on every {@code find}, lazy proxy
 * initialisation and to-one fetch of a filtered entity, because the filter's value is part of the plan (it is
 * bound as a value captured when the SQL is translated, not as a parameter of the execution). The
 * {@code @TenantId} filter has one value per tenant, so a plan built for a tenant serves every later load of the
 * same entity for that tenant: this class keeps them, keyed by the entity, the filter's value and the lock mode.
 * <p>
 * Only when the plan depends on nothing else: the {@code @TenantId} filter is the session's only enabled filter,
 * with no fetch profile, entity graph or temporal query, the session's batch and subselect fetch settings are the
 * factory's, and the lock options are ones Hibernate itself keys by lock mode alone. Anything else, including the
 * root tenant (whose sessions have no filter), is left to Hibernate, which builds the plan as it always does.
 * The plans are Hibernate's own ({@link SingleIdEntityLoaderStandardImpl#resolveLoadPlan}), built from the
 * session's influencers; the filter's value is read again after the build, and a plan whose value changed
 * meanwhile is used once and not kept.
 */
final class TenantLoadPlans {

	private static final TenantLoadPlans NONE = new TenantLoadPlans(null, null);

	private final @Nullable AbstractEntityPersister persister;

	private final @Nullable Cache<Key, SingleIdEntityLoader<?>> cache;

	/** Whether the entity's loads are affected by the {@code @TenantId} filter alone; null until first asked. */
	private volatile @Nullable Boolean filtered;

	private TenantLoadPlans(@Nullable AbstractEntityPersister persister,
			@Nullable Cache<Key, SingleIdEntityLoader<?>> cache) {
		this.persister = persister;
		this.cache = cache;
	}

	/**
	 * The plans of a persister created through {@link TenantPersisterClassResolver}; none (Hibernate decides
	 * every load) for one created otherwise, or while the resolver keeps no plans.
	 */
	static TenantLoadPlans of(AbstractEntityPersister persister, RuntimeModelCreationContext creationContext) {
		PersisterClassResolver resolver = creationContext.getServiceRegistry()
			.requireService(PersisterClassResolver.class);
		if (resolver instanceof TenantPersisterClassResolver tenantResolver) {
			Cache<Key, SingleIdEntityLoader<?>> cache = tenantResolver.loadPlanCache();
			return (cache != null) ? new TenantLoadPlans(persister, cache) : NONE;
		}
		return NONE;
	}

	/**
	 * The loader for this load, or null when the load is left to Hibernate.
	 * @param session the session loading
	 * @param lockOptions the load's lock options
	 * @return a loader that runs the tenant's kept plan, or null
	 */
	@Nullable SingleIdEntityLoader<?> loaderFor(SharedSessionContractImplementor session, LockOptions lockOptions) {
		AbstractEntityPersister persister = this.persister;
		Cache<Key, SingleIdEntityLoader<?>> cache = this.cache;
		if (persister == null || cache == null) {
			return null;
		}
		LoadQueryInfluencers influencers = session.getLoadQueryInfluencers();
		Filter filter = influencers.getEnabledFilter(TenantFilters.NAME);
		if (filter == null
				|| !TenantFilters.isTheOnlyInfluence(influencers, session.getFactory().getSessionFactoryOptions())
				|| !keyedByLockMode(lockOptions) || !filteredByTheTenantAlone(persister, influencers)) {
			return null;
		}
		Object tenant = filter.getParameterValue(TenantFilters.PARAMETER);
		if (tenant == null) {
			return null;
		}
		Key key = new Key(persister, tenant, lockOptions.getLockMode());
		SingleIdEntityLoader<?> kept = cache.getIfPresent(key);
		if (kept != null) {
			return kept;
		}
		SingleIdEntityLoaderStandardImpl<?> standard = (SingleIdEntityLoaderStandardImpl<?>) persister
			.getSingleIdLoader();
		SingleIdEntityLoader<?> loader = PlanLoader.of(standard, lockOptions, influencers);
		if (tenant.equals(filter.getParameterValue(TenantFilters.PARAMETER))) {
			cache.put(key, loader);
		}
		return loader;
	}

	/** Hibernate's own plan cache keys plans by lock mode except for pessimistic locks with options. */
	private static boolean keyedByLockMode(LockOptions lockOptions) {
		return !(lockOptions.getLockMode().isPessimistic() && lockOptions.hasNonDefaultOptions());
	}

	private boolean filteredByTheTenantAlone(AbstractEntityPersister persister, LoadQueryInfluencers influencers) {
		Boolean filtered = this.filtered;
		if (filtered == null) {
			// With the tenant filter as the only one enabled, the answer depends on the mapping alone.
			filtered = persister.getSingleIdLoader() instanceof SingleIdEntityLoaderStandardImpl
					&& persister.isAffectedByEnabledFilters(influencers, true);
			this.filtered = filtered;
		}
		return filtered;
	}

	record Key(AbstractEntityPersister persister, Object tenant, LockMode lockMode) {
	}

	/** Runs one kept plan, as Hibernate's standard loader runs the plan it resolves. */
	private record PlanLoader<T>(SingleIdEntityLoaderStandardImpl<T> standard,
			SingleIdLoadPlan<T> plan) implements SingleIdEntityLoader<T> {

		static <T> PlanLoader<T> of(SingleIdEntityLoaderStandardImpl<T> standard, LockOptions lockOptions,
				LoadQueryInfluencers influencers) {
			return new PlanLoader<>(standard, standard.resolveLoadPlan(lockOptions, influencers));
		}

		@Override
		public EntityMappingType getLoadable() {
			return this.standard.getLoadable();
		}

		@Override
		public T load(Object pkValue, LockOptions lockOptions, Boolean readOnly,
				SharedSessionContractImplementor session) {
			return this.plan.load(pkValue, readOnly, true, session);
		}

		@Override
		public T load(Object pkValue, Object entityInstance, LockOptions lockOptions, Boolean readOnly,
				SharedSessionContractImplementor session) {
			return this.plan.load(pkValue, entityInstance, readOnly, false, session);
		}

		@Override
		public Object[] loadDatabaseSnapshot(Object id, SharedSessionContractImplementor session) {
			return this.standard.loadDatabaseSnapshot(id, session);
		}

	}

}
