package dev.tenancy.jpa.hibernate;

import java.util.Map;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.registry.StandardServiceInitiator;
import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.env.internal.JdbcEnvironmentInitiator;
import org.hibernate.engine.jdbc.env.spi.ExtractedDatabaseMetaData;
import org.hibernate.engine.jdbc.env.spi.IdentifierHelper;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.engine.jdbc.env.spi.LobCreatorBuilder;
import org.hibernate.engine.jdbc.env.spi.NameQualifierSupport;
import org.hibernate.engine.jdbc.env.spi.QualifiedObjectNameFormatter;
import org.hibernate.engine.jdbc.spi.SqlExceptionHelper;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.SqlAstTranslatorFactory;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.JdbcOperationQueryMutation;
import org.hibernate.sql.exec.spi.JdbcSelect;
import org.hibernate.sql.model.ast.TableMutation;
import org.hibernate.sql.model.jdbc.JdbcMutationOperation;
import org.jspecify.annotations.Nullable;

/**
 * Hibernate's JDBC environment, as Hibernate builds it, with a translator factory that writes a
 * {@link KeptSelectStatement} as SQL once and keeps it. Hibernate asks this service, not a setting, for the
 * dialect's SQL writer ({@code ConcreteSqmSelectQueryPlan}, Hibernate 7.4), so keeping the SQL of the trees the
 * library keeps means standing in for the service. Everything else is Hibernate's environment's answer, and any
 * tree but a kept one is written by Hibernate's translator as before.
 * <p>
 * {@link KeptSqlServiceContributor} registers the {@link Initiator} in every Hibernate service registry; it puts
 * this environment in place only where {@code hibernate.query.sqm.translator} is a
 * {@link TenantSqmTranslatorFactory}, the only source of kept trees.
 */
final class KeptSqlEnvironment implements JdbcEnvironment {

	private final JdbcEnvironment environment;

	private final SqlAstTranslatorFactory translators;

	KeptSqlEnvironment(JdbcEnvironment environment) {
		this.environment = environment;
		this.translators = new KeptSqlTranslatorFactory(environment.getSqlAstTranslatorFactory());
	}

	/** Hibernate's environment, for tests. */
	JdbcEnvironment environment() {
		return this.environment;
	}

	@Override
	public SqlAstTranslatorFactory getSqlAstTranslatorFactory() {
		return this.translators;
	}

	@Override
	public Dialect getDialect() {
		return this.environment.getDialect();
	}

	@Override
	public ExtractedDatabaseMetaData getExtractedDatabaseMetaData() {
		return this.environment.getExtractedDatabaseMetaData();
	}

	@Override
	public Identifier getCurrentCatalog() {
		return this.environment.getCurrentCatalog();
	}

	@Override
	public Identifier getCurrentSchema() {
		return this.environment.getCurrentSchema();
	}

	@Override
	@Deprecated
	@SuppressWarnings("removal")
	public QualifiedObjectNameFormatter getQualifiedObjectNameFormatter() {
		return this.environment.getQualifiedObjectNameFormatter();
	}

	@Override
	public IdentifierHelper getIdentifierHelper() {
		return this.environment.getIdentifierHelper();
	}

	@Override
	public NameQualifierSupport getNameQualifierSupport() {
		return this.environment.getNameQualifierSupport();
	}

	@Override
	public SqlExceptionHelper getSqlExceptionHelper() {
		return this.environment.getSqlExceptionHelper();
	}

	@Override
	public LobCreatorBuilder getLobCreatorBuilder() {
		return this.environment.getLobCreatorBuilder();
	}

	/**
	 * Whether a session factory with these settings keeps query translations per tenant: its
	 * {@code hibernate.query.sqm.translator} is a {@link TenantSqmTranslatorFactory}, given as an instance, a class
	 * or a class name, as Hibernate takes it.
	 * @param translator the setting's value, if any
	 * @param classes loads a class named by the setting
	 * @return whether the setting names the library's translator or a subclass of it
	 */
	static boolean keepsTranslations(@Nullable Object translator, ClassLoaderService classes) {
		if (translator instanceof TenantSqmTranslatorFactory) {
			return true;
		}
		if (translator instanceof Class<?> type) {
			return TenantSqmTranslatorFactory.class.isAssignableFrom(type);
		}
		if (translator instanceof String name && !name.isBlank()) {
			if (name.trim().equals(TenantSqmTranslatorFactory.class.getName())) {
				return true;
			}
			try {
				return TenantSqmTranslatorFactory.class.isAssignableFrom(classes.classForName(name.trim()));
			}
			catch (RuntimeException ex) {
				// Hibernate reports a translator it cannot load when it builds the session factory
				return false;
			}
		}
		return false;
	}

	/**
	 * Builds Hibernate's JDBC environment with Hibernate's own initiator, and stands in for it where the session
	 * factory keeps query translations per tenant.
	 */
	static final class Initiator implements StandardServiceInitiator<JdbcEnvironment> {

		@Override
		public Class<JdbcEnvironment> getServiceInitiated() {
			return JdbcEnvironment.class;
		}

		@Override
		public JdbcEnvironment initiateService(Map<String, Object> settings, ServiceRegistryImplementor registry) {
			JdbcEnvironment environment = JdbcEnvironmentInitiator.INSTANCE.initiateService(settings, registry);
			return keepsTranslations(settings.get(QuerySettings.SEMANTIC_QUERY_TRANSLATOR),
					registry.requireService(ClassLoaderService.class)) ? new KeptSqlEnvironment(environment)
							: environment;
		}

	}

	/** The dialect's translator factory, with kept trees written once each. */
	private record KeptSqlTranslatorFactory(SqlAstTranslatorFactory translators) implements SqlAstTranslatorFactory {

		@Override
		public SqlAstTranslator<JdbcSelect> buildSelectTranslator(SessionFactoryImplementor sessionFactory,
				SelectStatement statement) {
			return (statement instanceof KeptSelectStatement kept) ? kept.translator(this.translators, sessionFactory)
					: this.translators.buildSelectTranslator(sessionFactory, statement);
		}

		@Override
		public SqlAstTranslator<? extends JdbcOperationQueryMutation> buildMutationTranslator(
				SessionFactoryImplementor sessionFactory, MutationStatement statement) {
			return this.translators.buildMutationTranslator(sessionFactory, statement);
		}

		@Override
		public <O extends JdbcMutationOperation> SqlAstTranslator<O> buildModelMutationTranslator(
				TableMutation<O> mutation, SessionFactoryImplementor sessionFactory) {
			return this.translators.buildModelMutationTranslator(mutation, sessionFactory);
		}

	}

}
