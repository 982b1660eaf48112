package dev.tenancy.jpa.hibernate;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.SqlAstTranslatorFactory;
import org.hibernate.sql.ast.tree.select.QuerySpec;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;
import org.hibernate.sql.exec.spi.JdbcSelect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * A kept tree writes its SQL once and answers later executions with it while it fits them, as Hibernate's plan
 * cache does. {@link TenantQueryTranslationsIT} runs it through Hibernate.
 */
class KeptSelectStatementTests {

	private final SelectStatement built = new SelectStatement(mock(QuerySpec.class));

	private final KeptSelectStatement tree = new KeptSelectStatement(this.built);

	private final SessionFactoryImplementor sessionFactory = mock(SessionFactoryImplementor.class);

	private final SqlAstTranslatorFactory hibernates = mock(SqlAstTranslatorFactory.class);

	@SuppressWarnings("unchecked")
	private final SqlAstTranslator<JdbcSelect> writer = mock(SqlAstTranslator.class);

	private final JdbcParameterBindings bindings = mock(JdbcParameterBindings.class);

	private final QueryOptions options = mock(QueryOptions.class);

	@Test
	void sharesTheTreeHibernateBuilt() {
		assertThat(this.tree.getQueryPart()).isSameAs(this.built.getQueryPart());
		assertThat(this.tree.getDomainResultDescriptors()).isSameAs(this.built.getDomainResultDescriptors());
		assertThat(this.tree.getCteStatements()).isSameAs(this.built.getCteStatements());
	}

	@Test
	void writesTheSqlOnceAndAnswersWithItWhileItFits() {
		JdbcSelect written = mock(JdbcSelect.class);
		given(this.hibernates.buildSelectTranslator(this.sessionFactory, this.tree)).willReturn(this.writer);
		given(this.writer.translate(this.bindings, this.options)).willReturn(written);
		given(written.isCompatibleWith(this.bindings, this.options)).willReturn(true);

		SqlAstTranslator<JdbcSelect> translator = this.tree.translator(this.hibernates, this.sessionFactory);
		for (int execution = 0; execution < 3; execution++) {
			assertThat(translator.translate(this.bindings, this.options)).isSameAs(written);
		}

		verify(this.writer, times(1)).translate(this.bindings, this.options);
		assertThat(this.tree.operation()).isSameAs(written);
		assertThat(this.tree.translator(this.hibernates, this.sessionFactory)).as("one translator per tree")
			.isSameAs(translator);
	}

	@Test
	void writesTheSqlAgainForAnExecutionItDoesNotFitAndKeepsTheLatest() {
		JdbcSelect first = mock(JdbcSelect.class);
		JdbcSelect second = mock(JdbcSelect.class);
		given(this.hibernates.buildSelectTranslator(this.sessionFactory, this.tree)).willReturn(this.writer);
		given(this.writer.translate(this.bindings, this.options)).willReturn(first, second);
		given(first.isCompatibleWith(this.bindings, this.options)).willReturn(false);
		given(second.isCompatibleWith(this.bindings, this.options)).willReturn(true);

		SqlAstTranslator<JdbcSelect> translator = this.tree.translator(this.hibernates, this.sessionFactory);

		assertThat(translator.translate(this.bindings, this.options)).isSameAs(first);
		assertThat(translator.translate(this.bindings, this.options)).isSameAs(second);
		assertThat(translator.translate(this.bindings, this.options)).isSameAs(second);
		verify(this.writer, times(2)).translate(this.bindings, this.options);
	}

	@Test
	void answersTheTreeAndTheSessionFactoryAndRefusesTheRestNamingTheWayOut() {
		SqlAstTranslator<JdbcSelect> translator = this.tree.translator(this.hibernates, this.sessionFactory);

		assertThat(translator.getSqlAst()).isSameAs(this.tree);
		assertThat(translator.getSessionFactory()).isSameAs(this.sessionFactory);
		assertThat(translator).isEqualTo(translator).hasSameHashCodeAs(translator);
		assertThatIllegalStateException().isThrownBy(translator::getCurrentQueryPart)
			.withMessageContaining("getCurrentQueryPart")
			.withMessageContaining("tenancy.jpa.query-translation-cache-size=0");
	}

}
