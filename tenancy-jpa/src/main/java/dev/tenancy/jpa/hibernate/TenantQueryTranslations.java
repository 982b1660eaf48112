package dev.tenancy.jpa.hibernate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.hibernate.Filter;
import org.hibernate.LockOptions;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.graph.spi.AppliedGraph;
import org.hibernate.query.spi.Limit;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.SqmQuerySource;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.spi.JdbcParameterBySqmParameterAccess;
import org.hibernate.query.sqm.sql.SqmTranslation;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.StandardSqmTranslation;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.sql.ast.spi.FromClauseAccess;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.jspecify.annotations.Nullable;

/**
 * JPQL select queries' SQL trees under the {@code @TenantId} filter, kept per query and tenant.
 * <p>
 * Hibernate keeps no query plan while a filter is enabled, so with the Hibernate layer on it translates every
 * JPQL query on every execution, first to a SQL tree, then to SQL. The tree holds the filter's value (captured
 * when the tree is built, not bound as a parameter of the execution), and the {@code @TenantId} filter has one
 * value per tenant, so a tree built for a tenant serves every later execution of the same query for that tenant:
 * this class keeps them, keyed by the query's statement, the filter's value and whether the execution has a
 * limit. The tree is kept as a {@link KeptSelectStatement}, which keeps the SQL Hibernate writes from it, the
 * second step, while it fits the execution (where {@link KeptSqlEnvironment} stands in for Hibernate's JDBC
 * environment; elsewhere Hibernate writes the kept tree as SQL on every execution).
 * <p>
 * Only when the tree depends on nothing else, on the terms of Hibernate's own plan cache, which keeps a query's
 * tree across sessions and bindings without a filter: the statement was parsed from JPQL (Hibernate keeps one
 * statement per query string; criteria queries are new objects every time); the {@code @TenantId} filter is the
 * session's only enabled filter, with no fetch profile, entity graph or temporal query, and the session's batch
 * and subselect fetch settings are the factory's; no lock, no entity graph on the query, no pagination in
 * memory; and no parameter that may take a list, whose size changes the tree. Anything else, including the root
 * tenant (whose sessions have no filter), is translated as Hibernate translates it. The filter's value is read
 * again after the tree is built, and a tree whose value changed meanwhile is used once and not kept.
 */
final class TenantQueryTranslations {

	/** Each tree as the translator that answers with it, so that a hit allocates nothing. */
	private final Cache<Key, SqmTranslator<SelectStatement>> cache;

	/**
	 * Creates the cache.
	 * @param maximumTranslations how many trees to keep, across queries and tenants; more than 0
	 */
	TenantQueryTranslations(long maximumTranslations) {
		this.cache = Caffeine.newBuilder().maximumSize(maximumTranslations).build();
	}

	/**
	 * A translator for this execution: one that answers with the tenant's kept tree, one that keeps the tree it
	 * builds, or, when the execution is left to Hibernate, the translator Hibernate would use.
	 * @param statement the query's statement
	 * @param parameters the query's parameters
	 * @param options the execution's options
	 * @param bindings the execution's parameter bindings
	 * @param influencers the session's influencers
	 * @param factoryOptions the session factory's options
	 * @param deduplicated whether the translator deduplicates selection items
	 * @param translator creates the translator Hibernate would use
	 * @return the translator
	 */
	SqmTranslator<SelectStatement> translatorFor(SqmSelectStatement<?> statement, DomainParameterXref parameters,
			QueryOptions options, QueryParameterBindings bindings, LoadQueryInfluencers influencers,
			SessionFactoryOptions factoryOptions, boolean deduplicated,
			Supplier<SqmTranslator<SelectStatement>> translator) {
		Filter filter = influencers.getEnabledFilter(TenantFilters.NAME);
		if (filter == null || statement.getQuerySource() != SqmQuerySource.HQL
				|| !TenantFilters.isTheOnlyInfluence(influencers, factoryOptions) || !dependsOnTheQueryAlone(options)
				|| mayTakeAList(parameters, bindings)) {
			return translator.get();
		}
		Object tenant = filter.getParameterValue(TenantFilters.PARAMETER);
		if (tenant == null) {
			return translator.get();
		}
		Limit limit = options.peekOriginalLimit();
		boolean limited = limit != null && !limit.isEmpty();
		Key key = new Key(statement, parameters.getQueryParameters(), tenant, limited, deduplicated);
		SqmTranslator<SelectStatement> kept = this.cache.getIfPresent(key);
		if (kept != null) {
			return kept;
		}
		return proxy(new KeepingTranslator(translator.get(), (translation) -> {
			if (!tenant.equals(filter.getParameterValue(TenantFilters.PARAMETER))) {
				return translation;
			}
			SqmTranslation<SelectStatement> keeping = keep(translation);
			this.cache.put(key, proxy(new KeptTranslator(keeping)));
			return keeping;
		}));
	}

	/** The number of trees kept, for monitoring and tests; an estimate, as the cache reports it. */
	long size() {
		return this.cache.estimatedSize();
	}

	/** Forgets every tree, for tests. */
	void clear() {
		this.cache.invalidateAll();
	}

	/** The trees kept, for tests. */
	Collection<SqmTranslation<SelectStatement>> kept() {
		return this.cache.asMap().values().stream().map(SqmTranslator::translate).toList();
	}

	/** The translation with its tree as one that keeps the SQL Hibernate writes from it. */
	private static SqmTranslation<SelectStatement> keep(SqmTranslation<SelectStatement> translation) {
		return new StandardSqmTranslation<>(new KeptSelectStatement(translation.getSqlAst()),
				translation.getJdbcParamsBySqmParam(), translation.getSqmParameterMappingModelTypeResolutions(),
				translation.getSqlExpressionResolver(), translation.getFromClauseAccess());
	}

	/** No lock, no entity graph, no pagination in memory: what Hibernate's plan cache requires of the options. */
	private static boolean dependsOnTheQueryAlone(QueryOptions options) {
		LockOptions lock = options.getLockOptions();
		AppliedGraph graph = options.getAppliedGraph();
		return lock.isEmpty() && !lock.hasNonDefaultOptions()
				&& (graph == null || (graph.getGraph() == null && graph.getSemantic() == null))
				&& !Boolean.TRUE.equals(options.isLimitInMemoryEnabled());
	}

	/** A parameter that may take a list is expanded to one JDBC parameter per element, so the tree has its size. */
	private static boolean mayTakeAList(DomainParameterXref parameters, QueryParameterBindings bindings) {
		if (bindings.hasAnyMultiValuedBindings()) {
			return true;
		}
		// asked on every execution: a loop, not a stream, so that the common answer allocates nothing
		for (var parameter : parameters.getQueryParameters().keySet()) {
			if (parameter.allowsMultiValuedBinding()) {
				return true;
			}
		}
		return false;
	}

	@SuppressWarnings("unchecked")
	static SqmTranslator<SelectStatement> proxy(InvocationHandler handler) {
		return (SqmTranslator<SelectStatement>) Proxy.newProxyInstance(SqmTranslator.class.getClassLoader(),
				new Class<?>[] { SqmTranslator.class }, handler);
	}

	private static Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static boolean isTranslate(Method method) {
		return method.getName().equals("translate") && method.getParameterCount() == 0;
	}

	/**
	 * The statement and its parameters by identity, the tenant by value. Hibernate keeps one statement per JPQL
	 * string, and hands each query a copy of its parameters' cross-reference (a list parameter's expansion
	 * changes the copy); the copies share the map from the query's parameters to the statement's, which is what
	 * a tree's parameters are found by.
	 */
	record Key(SqmSelectStatement<?> statement, Map<?, ?> parameters, Object tenant, boolean limited,
			boolean deduplicated) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Key that && this.statement == that.statement
					&& this.parameters == that.parameters && this.tenant.equals(that.tenant)
					&& this.limited == that.limited && this.deduplicated == that.deduplicated;
		}

		@Override
		public int hashCode() {
			int hash = 31 * System.identityHashCode(this.statement) + System.identityHashCode(this.parameters);
			hash = 31 * hash + this.tenant.hashCode();
			return 4 * hash + (this.limited ? 2 : 0) + (this.deduplicated ? 1 : 0);
		}

	}

	/**
	 * Hibernate's translator, whose tree is kept once it is built; the execution that built it gets the kept tree,
	 * so that the SQL it writes is kept too.
	 */
	private record KeepingTranslator(SqmTranslator<SelectStatement> translator,
			UnaryOperator<SqmTranslation<SelectStatement>> keep) implements InvocationHandler {

		@Override
		@SuppressWarnings("unchecked")
		public Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			Object result = TenantQueryTranslations.invoke(this.translator, method, args);
			return isTranslate(method) ? this.keep.apply((SqmTranslation<SelectStatement>) result) : result;
		}

	}

	/**
	 * Answers with a kept tree. Hibernate asks a select translator for its tree and, for the tree's parameters
	 * and tables, the translator or the tree; those come from the kept tree. Anything else would need the
	 * translator's state while it builds a tree, which a kept tree does not have, so it is refused.
	 */
	record KeptTranslator(SqmTranslation<SelectStatement> translation) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			Class<?> declarer = method.getDeclaringClass();
			if (isTranslate(method)) {
				return this.translation;
			}
			if (declarer == JdbcParameterBySqmParameterAccess.class) {
				return this.translation.getJdbcParamsBySqmParam();
			}
			if (declarer == FromClauseAccess.class) {
				return TenantQueryTranslations.invoke(this.translation.getFromClauseAccess(), method, args);
			}
			if (declarer == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "KeptTranslator[" + this.translation.getSqlAst() + "]";
				};
			}
			throw new IllegalStateException("The library answered a Hibernate select translation with a tree it "
					+ "keeps per tenant, and Hibernate asked the translator for " + method.getName()
					+ ", which a kept tree cannot answer. Set tenancy.jpa.query-translation-cache-size=0 to "
					+ "translate every query as Hibernate does, and report the Hibernate version.");
		}

	}

}
