package dev.tenancy.jpa.hibernate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.SqlAstTranslatorFactory;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;
import org.hibernate.sql.exec.spi.JdbcSelect;
import org.jspecify.annotations.Nullable;

/**
 * A SQL tree {@link TenantQueryTranslations} keeps for one query and tenant, which also keeps the JDBC operation
 * Hibernate writes from it: the SQL, its parameters' binders and the readers of its rows. Hibernate writes a tree
 * as SQL through its JDBC environment's translator factory; {@link KeptSqlEnvironment} hands a tree of this class
 * to {@link #translator}, which answers with the operation written for an earlier execution when it fits this one.
 * <p>
 * It fits on the terms of Hibernate's own plan cache ({@code ConcreteSqmSelectQueryPlan}), which reuses an
 * operation across executions while {@link JdbcSelect#isCompatibleWith} holds: the same limit and offset form,
 * the same values of any parameter written into the SQL, the same scrolling, the same lock. Otherwise the tree is
 * written again and the new operation kept in place of the old one, as Hibernate keeps the latest. The operation
 * holds the filter's value, as the tree does, so it serves only the tree's tenant; the tree is per tenant already.
 * Safe for concurrent use: two executions that miss at once each write the SQL, and the later one is kept.
 */
final class KeptSelectStatement extends SelectStatement {

	private volatile @Nullable JdbcSelect operation;

	private volatile @Nullable SqlAstTranslator<JdbcSelect> translator;

	/**
	 * Keeps a tree Hibernate built, sharing its parts.
	 * @param tree the tree
	 */
	KeptSelectStatement(SelectStatement tree) {
		super(tree, tree.getQueryPart(), tree.getDomainResultDescriptors());
	}

	/**
	 * The translator Hibernate asks to write this tree as SQL: one per tree, so that a hit allocates nothing.
	 * @param factory the translator factory that writes the SQL when no kept operation fits
	 * @param sessionFactory the session factory
	 * @return the translator
	 */
	@SuppressWarnings("unchecked")
	SqlAstTranslator<JdbcSelect> translator(SqlAstTranslatorFactory factory, SessionFactoryImplementor sessionFactory) {
		SqlAstTranslator<JdbcSelect> translator = this.translator;
		if (translator == null) {
			translator = (SqlAstTranslator<JdbcSelect>) Proxy.newProxyInstance(
					SqlAstTranslator.class.getClassLoader(), new Class<?>[] { SqlAstTranslator.class },
					new KeptOperation(this, factory, sessionFactory));
			this.translator = translator;
		}
		return translator;
	}

	/** The operation kept, for tests; null before the tree was first written as SQL. */
	@Nullable JdbcSelect operation() {
		return this.operation;
	}

	private JdbcSelect write(JdbcParameterBindings bindings, QueryOptions options, SqlAstTranslatorFactory factory,
			SessionFactoryImplementor sessionFactory) {
		JdbcSelect kept = this.operation;
		if (kept != null && kept.isCompatibleWith(bindings, options)) {
			return kept;
		}
		JdbcSelect written = factory.buildSelectTranslator(sessionFactory, this).translate(bindings, options);
		this.operation = written;
		return written;
	}

	/**
	 * Answers Hibernate's request to write the tree as SQL. Hibernate asks a select translator it builds for a
	 * query plan to translate, and nothing else; the tree and the session factory are answered too. Anything else
	 * would need a translator's state while it writes, so it is refused with what to do.
	 */
	private record KeptOperation(KeptSelectStatement tree, SqlAstTranslatorFactory factory,
			SessionFactoryImplementor sessionFactory) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			String name = method.getName();
			int count = method.getParameterCount();
			if (name.equals("translate") && count == 2) {
				return this.tree.write((JdbcParameterBindings) args[0], (QueryOptions) args[1], this.factory,
						this.sessionFactory);
			}
			if (name.equals("getSqlAst") && count == 0) {
				return this.tree;
			}
			if (name.equals("getSessionFactory") && count == 0) {
				return this.sessionFactory;
			}
			if (method.getDeclaringClass() == Object.class) {
				return switch (name) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "KeptOperation[" + this.tree + "]";
				};
			}
			throw new IllegalStateException("The library answered Hibernate's request to write a SQL tree it keeps "
					+ "per tenant as SQL with the SQL it kept, and Hibernate asked the translator for " + name
					+ ", which kept SQL cannot answer. Set tenancy.jpa.query-translation-cache-size=0 to translate "
					+ "every query as Hibernate does, and report the Hibernate version.");
		}

	}

}
