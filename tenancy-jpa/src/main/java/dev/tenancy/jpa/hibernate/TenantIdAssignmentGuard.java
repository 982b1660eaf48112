package dev.tenancy.jpa.hibernate;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.metamodel.Attribute;
import org.hibernate.annotations.TenantId;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.SqmTranslatorFactory;
import org.hibernate.query.sqm.sql.StandardSqmTranslatorFactory;
import org.hibernate.query.sqm.tree.SqmDmlStatement;
import org.hibernate.query.sqm.tree.domain.SqmPath;
import org.hibernate.query.sqm.tree.insert.SqmConflictClause;
import org.hibernate.query.sqm.tree.insert.SqmConflictUpdateAction;
import org.hibernate.query.sqm.tree.insert.SqmInsertStatement;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.query.sqm.tree.update.SqmAssignment;
import org.hibernate.query.sqm.tree.update.SqmUpdateStatement;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.select.SelectStatement;

/**
 * Refuses JPQL and Criteria {@code update} and {@code insert} statements that write an entity's {@code @TenantId}
 * attribute, with a {@link TenantIdAssignmentException}.
 * <p>
 * Hibernate checks {@code @TenantId} when it saves entities (an explicitly set other tenant is rejected), and
 * restricts queries to the session's tenant, but it neither checks nor stamps the attribute in mutation queries:
 * {@code update Project p set p.tenantId = 'other'} moves the tenant's rows to another tenant, and
 * {@code insert into Project (id, tenantId, name) values (..., 'other', ...)} writes rows for one. Without
 * row-level security beneath, nothing else stops either.
 * <p>
 * Registered by the library's auto-configuration as Hibernate's {@code hibernate.query.sqm.translator} (by class
 * name, the only form Hibernate takes), around Hibernate's standard translator; an application with a translator
 * of its own keeps it, and is warned. It sees every mutation query Hibernate
 * translates for an entity mapped to one table; entities spread over several tables (joined inheritance,
 * secondary tables) are translated elsewhere in Hibernate and are left to row-level security. Native SQL is never
 * seen, as ever.
 */
public class TenantIdAssignmentGuard implements SqmTranslatorFactory {

	private final SqmTranslatorFactory delegate;

	/**
	 * Creates the guard around Hibernate's standard translator, as Hibernate does from the class name.
	 */
	public TenantIdAssignmentGuard() {
		this(new StandardSqmTranslatorFactory());
	}

	/**
	 * Creates the guard around another translator; a subclass of a custom translator can call this.
	 * @param delegate the translator factory that translates the statements the guard lets through
	 */
	protected TenantIdAssignmentGuard(SqmTranslatorFactory delegate) {
		this.delegate = delegate;
	}

	@Override
	public SqmTranslator<SelectStatement> createSelectTranslator(SqmSelectStatement<?> sqmSelectStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref,
			QueryParameterBindings domainParameterBindings, LoadQueryInfluencers loadQueryInfluencers,
			SqlAstCreationContext creationContext, boolean deduplicateSelectionItems) {
		return this.delegate.createSelectTranslator(sqmSelectStatement, queryOptions, domainParameterXref,
				domainParameterBindings, loadQueryInfluencers, creationContext, deduplicateSelectionItems);
	}

	@Override
	public SqmTranslator<? extends MutationStatement> createMutationTranslator(SqmDmlStatement<?> sqmDmlStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref,
			QueryParameterBindings domainParameterBindings, LoadQueryInfluencers loadQueryInfluencers,
			SqlAstCreationContext creationContext) {
		check(sqmDmlStatement);
		return this.delegate.createMutationTranslator(sqmDmlStatement, queryOptions, domainParameterXref,
				domainParameterBindings, loadQueryInfluencers, creationContext);
	}

	/**
	 * Refuses the statement if it writes a {@code @TenantId} attribute.
	 * @param statement an update, insert or delete statement
	 * @throws TenantIdAssignmentException if it does
	 */
	static void check(SqmDmlStatement<?> statement) {
		List<SqmPath<?>> written = new ArrayList<>();
		if (statement instanceof SqmUpdateStatement<?> update) {
			update.getSetClause().getAssignments().stream().map(SqmAssignment::getTargetPath).forEach(written::add);
		}
		else if (statement instanceof SqmInsertStatement<?> insert) {
			written.addAll(insert.getInsertionTargetPaths());
			SqmConflictClause<?> conflict = insert.getConflictClause();
			SqmConflictUpdateAction<?> action = (conflict != null) ? conflict.getConflictAction() : null;
			if (action != null) {
				action.getSetClause().getAssignments().stream().map(SqmAssignment::getTargetPath).forEach(written::add);
			}
		}
		for (SqmPath<?> path : written) {
			if (isTenantId(path)) {
				throw refusal(statement, path.getNavigablePath().getLocalName());
			}
		}
	}

	private static TenantIdAssignmentException refusal(SqmDmlStatement<?> statement, String attribute) {
		String entity = statement.getTarget().getModel().getHibernateEntityName();
		boolean update = statement instanceof SqmUpdateStatement;
		return new TenantIdAssignmentException("A JPQL or Criteria " + (update ? "update" : "insert") + " of " + entity
				+ " writes its @TenantId attribute '" + attribute + "'. That would "
				+ (update ? "move rows to another tenant" : "write rows for another tenant")
				+ ", so the library refuses it: a row's tenant never changes, and new rows take the bound tenant. "
				+ "Remove the attribute from the statement"
				+ (update ? "." : ", or save entities instead (Hibernate stamps their tenant)."));
	}

	private static boolean isTenantId(SqmPath<?> path) {
		if (path.getModel() instanceof Attribute<?, ?> attribute) {
			Member member = attribute.getJavaMember();
			return member instanceof AnnotatedElement annotated && annotated.isAnnotationPresent(TenantId.class);
		}
		return false;
	}

}
