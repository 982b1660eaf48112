package dev.tenancy.jpa.hibernate;

import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.SqmTranslatorFactory;
import org.hibernate.query.sqm.sql.StandardSqmTranslatorFactory;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.jspecify.annotations.Nullable;

/**
 * The Hibernate layer's query translator: the {@link TenantIdAssignmentGuard}'s refusals, and JPQL select
 * queries' SQL trees kept per query and tenant, which Hibernate otherwise builds on every execution while the
 * {@code @TenantId} filter is enabled (what is kept, and when, is in {@link TenantQueryTranslations}). Where this
 * is the session factory's translator, {@link KeptSqlServiceContributor} lets the kept trees keep their SQL too.
 * <p>
 * Registered by the library's auto-configuration as Hibernate's {@code hibernate.query.sqm.translator}, with
 * the number of trees to keep in the Hibernate property {@value #CACHE_SIZE}, read when the first select is
 * translated ({@value #DEFAULT_CACHE_SIZE} if it is not set). The trees live in one bounded Caffeine cache per
 * session factory, which evicts the least used.
 */
public class TenantSqmTranslatorFactory extends TenantIdAssignmentGuard {

	/** The Hibernate property with the number of trees to keep, across queries and tenants; more than 0. */
	public static final String CACHE_SIZE = "tenancy.jpa.query-translation-cache-size";

	/** The number of trees kept when {@value #CACHE_SIZE} is not set. */
	public static final long DEFAULT_CACHE_SIZE = 2000;

	private volatile @Nullable TenantQueryTranslations translations;

	/**
	 * Creates the factory around Hibernate's standard translator, as Hibernate does from the class name.
	 */
	public TenantSqmTranslatorFactory() {
		this(new StandardSqmTranslatorFactory());
	}

	/**
	 * Creates the factory around another translator; a subclass of a custom translator can call this.
	 * @param delegate the translator factory that translates what is not kept
	 */
	protected TenantSqmTranslatorFactory(SqmTranslatorFactory delegate) {
		super(delegate);
	}

	@Override
	public SqmTranslator<SelectStatement> createSelectTranslator(SqmSelectStatement<?> sqmSelectStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref,
			QueryParameterBindings domainParameterBindings, LoadQueryInfluencers loadQueryInfluencers,
			SqlAstCreationContext creationContext, boolean deduplicateSelectionItems) {
		return translations(creationContext).translatorFor(sqmSelectStatement, domainParameterXref, queryOptions,
				domainParameterBindings, loadQueryInfluencers,
				creationContext.getSessionFactory().getSessionFactoryOptions(), deduplicateSelectionItems,
				() -> super.createSelectTranslator(sqmSelectStatement, queryOptions, domainParameterXref,
						domainParameterBindings, loadQueryInfluencers, creationContext, deduplicateSelectionItems));
	}

	/**
	 * The number of trees kept, for monitoring and tests.
	 * @return an estimate, as the cache reports it; 0 before the first select
	 */
	public long keptTranslations() {
		TenantQueryTranslations translations = this.translations;
		return (translations != null) ? translations.size() : 0;
	}

	/** The kept trees, for tests; null before the first select. */
	@Nullable TenantQueryTranslations translations() {
		return this.translations;
	}

	private TenantQueryTranslations translations(SqlAstCreationContext creationContext) {
		TenantQueryTranslations translations = this.translations;
		if (translations == null) {
			synchronized (this) {
				translations = this.translations;
				if (translations == null) {
					translations = new TenantQueryTranslations(
							cacheSize(creationContext.getSessionFactory().getProperties().get(CACHE_SIZE)));
					this.translations = translations;
				}
			}
		}
		return translations;
	}

	static long cacheSize(@Nullable Object configured) {
		if (configured == null) {
			return DEFAULT_CACHE_SIZE;
		}
		long size;
		try {
			size = Long.parseLong(configured.toString().trim());
		}
		catch (NumberFormatException ex) {
			size = 0;
		}
		if (size <= 0) {
			throw new IllegalStateException(CACHE_SIZE + " must be a number above 0, was '" + configured
					+ "'. To keep no translations, set tenancy.jpa.query-translation-cache-size=0 in the "
					+ "application's properties, so that the library registers its assignment guard alone.");
		}
		return size;
	}

}
