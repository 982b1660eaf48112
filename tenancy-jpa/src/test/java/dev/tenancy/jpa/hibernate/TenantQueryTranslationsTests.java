package dev.tenancy.jpa.hibernate;

import java.util.List;
import java.util.Map;

import org.hibernate.query.sqm.sql.SqmTranslation;
import org.hibernate.spi.NavigablePath;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.sql.ast.spi.FromClauseAccess;
import org.hibernate.sql.ast.tree.from.TableGroup;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A kept tree answers what Hibernate asks a select translator for, and refuses what only a translator that built
 * the tree could answer. {@link TenantQueryTranslationsIT} runs it through Hibernate.
 */
class TenantQueryTranslationsTests {

	@SuppressWarnings("unchecked")
	private final SqmTranslation<SelectStatement> translation = mock(SqmTranslation.class);

	private final SqmTranslator<SelectStatement> kept = TenantQueryTranslations
		.proxy(new TenantQueryTranslations.KeptTranslator(this.translation));

	@Test
	void answersTheTreeItsParametersAndItsTables() {
		FromClauseAccess tables = mock(FromClauseAccess.class);
		TableGroup projects = mock(TableGroup.class);
		NavigablePath path = new NavigablePath("Project");
		given(tables.findTableGroup(path)).willReturn(projects);
		given(this.translation.getJdbcParamsBySqmParam()).willReturn(Map.of());
		given(this.translation.getFromClauseAccess()).willReturn(tables);

		assertThat(this.kept.translate()).isSameAs(this.translation);
		assertThat(this.kept.getJdbcParamsBySqmParam()).isEmpty();
		assertThat(this.kept.findTableGroup(path)).isSameAs(projects);
		assertThat(this.kept).isEqualTo(this.kept).hasSameHashCodeAs(this.kept);
	}

	@Test
	void refusesWhatOnlyATranslatorThatBuiltTheTreeCouldAnswerNamingTheWayOut() {
		for (Runnable call : List.<Runnable>of(this.kept::getCurrentClauseStack, this.kept::getLoadQueryInfluencers)) {
			assertThatIllegalStateException().isThrownBy(call::run)
				.withMessageContaining("tenancy.jpa.query-translation-cache-size=0");
		}
	}

}
