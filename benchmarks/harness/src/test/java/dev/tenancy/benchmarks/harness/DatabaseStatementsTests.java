package dev.tenancy.benchmarks.harness;

import java.util.List;

import dev.tenancy.benchmarks.harness.DatabaseStatements.Statement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statements PostgreSQL ran for a scenario are one row per statement text, whatever number of databases ran
 * them, ordered by their total time and reported per request.
 */
class DatabaseStatementsTests {

	private static final String COUNT = "select count(p1_0.id) from projects p1_0 where p1_0.tenant_id = $1";

	private static final String SETTING = "select set_config($1, $2, $3)";

	@Test
	void addsUpOneStatementRunInSeveralDatabasesAndPutsTheCostliestFirst() {
		// one DATABASE tenant's database, then another's: the same statements in each
		List<Statement> merged = DatabaseStatements.merge(List.of(new Statement(SETTING, 300, 3.0, 0.0, 0, 300, true),
				new Statement(COUNT, 100, 40.0, 2.0, 4, 100, true), new Statement(SETTING, 200, 2.0, 1.0, 2, 200, true),
				new Statement(COUNT, 50, 25.0, 0.5, 1, 50, true)));

		assertThat(merged).extracting(Statement::query).containsExactly(COUNT, SETTING);
		Statement count = merged.get(0);
		assertThat(count.calls()).isEqualTo(150);
		assertThat(count.totalExecMs()).isCloseTo(65.0, within(1e-9));
		assertThat(count.meanExecMs()).isCloseTo(65.0 / 150, within(1e-9));
		assertThat(count.meanPlanMs()).isCloseTo(2.5 / 150, within(1e-9));
		assertThat(count.plansPerCall()).isCloseTo(5.0 / 150, within(1e-9));
		// 500 executions of the setting for 250 requests
		assertThat(merged.get(1).callsPerRequest(250)).isCloseTo(2.0, within(1e-9));
		assertThat(merged.get(1).execMsPerRequest(250)).isCloseTo(0.02, within(1e-9));
	}

	@Test
	void reportsNoPlanningFiguresWhenPlanningWasNotTracked() {
		Statement statement = new Statement(COUNT, 10, 5.0, 0.0, 0, 10, false);

		assertThat(statement.meanPlanMs()).isNaN();
		assertThat(statement.plansPerCall()).isNaN();
		assertThat(statement.meanExecMs()).isCloseTo(0.5, within(1e-9));
		assertThat(statement.callsPerRequest(0)).isNaN();
	}

	@Test
	void abbreviatesAStatementToOneTableCell() {
		assertThat(ResultsMarkdown.abbreviate("select a\n  from t | x `y`")).isEqualTo("select a from t ¦ x 'y'");
		assertThat(ResultsMarkdown.abbreviate("x".repeat(150))).hasSize(100).endsWith("…");
	}

}
