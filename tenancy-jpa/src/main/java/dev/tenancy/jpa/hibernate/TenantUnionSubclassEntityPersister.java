package dev.tenancy.jpa.hibernate;

import org.hibernate.LockOptions;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.loader.ast.spi.SingleIdEntityLoader;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.metamodel.spi.RuntimeModelCreationContext;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;

/**
 * Hibernate's persister for entities with table-per-class inheritance, loading by id with the tenant's kept plan
 * ({@link TenantLoadPlans}). Created by Hibernate through {@link TenantPersisterClassResolver}.
 */
public class TenantUnionSubclassEntityPersister extends UnionSubclassEntityPersister {

	private final TenantLoadPlans loadPlans;

	/**
	 * Creates the persister, as Hibernate does by reflection.
	 * @param persistentClass the entity's boot model
	 * @param cacheAccessStrategy the entity's second-level cache access, if cached
	 * @param naturalIdRegionAccessStrategy the entity's natural id cache access, if cached
	 * @param creationContext the runtime model being created
	 */
	public TenantUnionSubclassEntityPersister(PersistentClass persistentClass, EntityDataAccess cacheAccessStrategy,
			NaturalIdDataAccess naturalIdRegionAccessStrategy, RuntimeModelCreationContext creationContext) {
		super(persistentClass, cacheAccessStrategy, naturalIdRegionAccessStrategy, creationContext);
		this.loadPlans = TenantLoadPlans.of(this, creationContext);
	}

	@Override
	protected SingleIdEntityLoader<?> determineLoaderToUse(SharedSessionContractImplementor session,
			LockOptions lockOptions) {
		SingleIdEntityLoader<?> kept = this.loadPlans.loaderFor(session, lockOptions);
		return (kept != null) ? kept : super.determineLoaderToUse(session, lockOptions);
	}

}
