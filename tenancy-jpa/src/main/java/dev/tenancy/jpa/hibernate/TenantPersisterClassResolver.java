package dev.tenancy.jpa.hibernate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.hibernate.LockOptions;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.loader.ast.internal.SingleIdEntityLoaderStandardImpl;
import org.hibernate.loader.ast.internal.SingleIdLoadPlan;
import org.hibernate.loader.ast.spi.SingleIdEntityLoader;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.internal.StandardPersisterClassResolver;
import org.jspecify.annotations.Nullable;

/**
 * Hibernate's persister class resolver with persisters that keep, per tenant, their plans for loading an entity
 * by id under the {@code @TenantId} filter ({@link TenantLoadPlans}), which Hibernate otherwise builds anew on
 * every load. Registered by the library's auto-configuration as {@code hibernate.persister.resolver}; one
 * instance serves one session factory.
 * <p>
 * The plans live in one bounded Caffeine cache, which evicts the least used (by frequency and recency); each is
 * one entity's plan for one tenant and lock mode. A load whose plan is not kept builds it, exactly as Hibernate
 * would; nothing else changes.
 */
public class TenantPersisterClassResolver extends StandardPersisterClassResolver {

	private final @Nullable Cache<TenantLoadPlans.Key, SingleIdEntityLoader<?>> loadPlanCache;

	/**
	 * Creates the resolver.
	 * @param maximumPlans how many plans to keep, across entities and tenants; 0 keeps none, so that every load
	 * is Hibernate's own
	 */
	public TenantPersisterClassResolver(long maximumPlans) {
		if (maximumPlans < 0) {
			throw new IllegalArgumentException("maximumPlans must be 0 or more, was " + maximumPlans);
		}
		this.loadPlanCache = (maximumPlans > 0) ? Caffeine.newBuilder().maximumSize(maximumPlans).build() : null;
	}

	@Override
	public Class<? extends EntityPersister> singleTableEntityPersister() {
		return TenantSingleTableEntityPersister.class;
	}

	@Override
	public Class<? extends EntityPersister> joinedSubclassEntityPersister() {
		return TenantJoinedSubclassEntityPersister.class;
	}

	@Override
	public Class<? extends EntityPersister> unionSubclassEntityPersister() {
		return TenantUnionSubclassEntityPersister.class;
	}

	/**
	 * Whether the Hibernate on the class path has the internal types the persisters build on
	 * ({@code SingleIdEntityLoaderStandardImpl.resolveLoadPlan} and {@code SingleIdLoadPlan.load}), as the version
	 * the library is built against does. Without them every load would fail, so the auto-configuration leaves
	 * Hibernate's persisters in place instead.
	 * @return whether the persisters can run on this Hibernate
	 */
	public static boolean supportsThisHibernate() {
		try {
			SingleIdEntityLoaderStandardImpl.class.getMethod("resolveLoadPlan", LockOptions.class,
					LoadQueryInfluencers.class);
			SingleIdLoadPlan.class.getMethod("load", Object.class, Object.class, Boolean.class, Boolean.class,
					SharedSessionContractImplementor.class);
			SingleIdLoadPlan.class.getMethod("load", Object.class, Boolean.class, Boolean.class,
					SharedSessionContractImplementor.class);
			AbstractEntityPersister.class.getDeclaredMethod("determineLoaderToUse",
					SharedSessionContractImplementor.class, LockOptions.class);
			return true;
		}
		catch (NoSuchMethodException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * The number of plans kept, for monitoring and tests.
	 * @return an estimate, as the cache reports it
	 */
	public long keptPlans() {
		return (this.loadPlanCache != null) ? this.loadPlanCache.estimatedSize() : 0;
	}

	@Nullable Cache<TenantLoadPlans.Key, SingleIdEntityLoader<?>> loadPlanCache() {
		return this.loadPlanCache;
	}

}
