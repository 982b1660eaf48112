package dev.tenancy.jpa.hibernate;

import java.lang.reflect.Method;

import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.boot.registry.classloading.spi.ClassLoadingException;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.SqlAstTranslatorFactory;
import org.hibernate.sql.ast.tree.select.QuerySpec;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.JdbcSelect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

/**
 * The JDBC environment that keeps kept trees' SQL is Hibernate's in everything else, and stands in only for session
 * factories with the library's translator. {@link TenantQueryTranslationsIT} runs it through Hibernate.
 */
class KeptSqlEnvironmentTests {

	private final ClassLoaderService classes = mock(ClassLoaderService.class);

	@Test
	void answersEverythingButTheTranslatorFactoryWithHibernatesEnvironment() throws Exception {
		JdbcEnvironment hibernates = mock(JdbcEnvironment.class, RETURNS_DEEP_STUBS);
		KeptSqlEnvironment environment = new KeptSqlEnvironment(hibernates);
		for (Method method : JdbcEnvironment.class.getMethods()) {
			if (method.getParameterCount() == 0 && !method.getName().equals("getSqlAstTranslatorFactory")) {
				assertThat(method.invoke(environment)).as(method.getName())
					.isNotNull()
					.isSameAs(method.invoke(hibernates));
			}
		}
	}

	@Test
	void writesAKeptTreeWithItsTranslatorAndAnyOtherWithHibernates() {
		SqlAstTranslatorFactory hibernates = mock(SqlAstTranslatorFactory.class);
		JdbcEnvironment environment = mock(JdbcEnvironment.class);
		given(environment.getSqlAstTranslatorFactory()).willReturn(hibernates);
		SessionFactoryImplementor sessionFactory = mock(SessionFactoryImplementor.class);
		SelectStatement other = new SelectStatement(mock(QuerySpec.class));
		KeptSelectStatement kept = new KeptSelectStatement(other);
		@SuppressWarnings("unchecked")
		SqlAstTranslator<JdbcSelect> hibernatesTranslator = mock(SqlAstTranslator.class);
		given(hibernates.buildSelectTranslator(sessionFactory, other)).willReturn(hibernatesTranslator);

		SqlAstTranslatorFactory translators = new KeptSqlEnvironment(environment).getSqlAstTranslatorFactory();

		assertThat(translators.buildSelectTranslator(sessionFactory, other)).isSameAs(hibernatesTranslator);
		assertThat(translators.buildSelectTranslator(sessionFactory, kept))
			.isSameAs(kept.translator(hibernates, sessionFactory));
	}

	@Test
	void standsInWhereTheTranslatorIsTheLibrarysGivenAsAnInstanceAClassOrAName() {
		given(this.classes.classForName(Subclass.class.getName())).willReturn((Class) Subclass.class);

		assertThat(KeptSqlEnvironment.keepsTranslations(new TenantSqmTranslatorFactory(), this.classes)).isTrue();
		assertThat(KeptSqlEnvironment.keepsTranslations(Subclass.class, this.classes)).isTrue();
		assertThat(KeptSqlEnvironment.keepsTranslations(TenantSqmTranslatorFactory.class.getName(), this.classes))
			.isTrue();
		assertThat(KeptSqlEnvironment.keepsTranslations(" " + Subclass.class.getName() + " ", this.classes)).isTrue();
	}

	@Test
	void leavesHibernatesEnvironmentWithAnyOtherTranslatorOrNone() {
		given(this.classes.classForName(TenantIdAssignmentGuard.class.getName()))
			.willReturn((Class) TenantIdAssignmentGuard.class);
		given(this.classes.classForName("com.example.Missing")).willThrow(new ClassLoadingException("missing"));

		assertThat(KeptSqlEnvironment.keepsTranslations(null, this.classes)).isFalse();
		assertThat(KeptSqlEnvironment.keepsTranslations("", this.classes)).isFalse();
		assertThat(KeptSqlEnvironment.keepsTranslations(TenantIdAssignmentGuard.class.getName(), this.classes))
			.isFalse();
		assertThat(KeptSqlEnvironment.keepsTranslations(TenantIdAssignmentGuard.class, this.classes)).isFalse();
		assertThat(KeptSqlEnvironment.keepsTranslations("com.example.Missing", this.classes)).isFalse();
		assertThat(KeptSqlEnvironment.keepsTranslations(42, this.classes)).isFalse();
	}

	static class Subclass extends TenantSqmTranslatorFactory {

	}

}
