package dev.tenancy.test.isolation;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The isolation assertions against real repositories and callbacks on PostgreSQL, reached as the restricted
 * runtime role: they pass where the tenants are kept apart, and fail, naming each operation, direction and
 * row, where they are not.
 */
@SpringBootTest(classes = IsolationFixtureApplication.class)
@WithTenancyDatabase
@DirtiesContext
class TenantIsolationAssertionsIT {

	private static final String UUID_LIST = "\\[[0-9a-f-]{36}(, [0-9a-f-]{36})*\\]";

	@Autowired
	ScopedNoteRepository scopedNotes;

	@Autowired
	PlainScopedNoteRepository plainScopedNotes;

	@Autowired
	LeakyNoteRepository leakyNotes;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	TenancyTestDatabase database;

	@BeforeEach
	void emptyTablesAsTheRuntimeRole() {
		this.database.executeAsAdmin("delete from scoped_notes; delete from leaky_notes; delete from rls_notes");
		assertThat(this.jdbc.queryForObject("select current_user", String.class)).isEqualTo(TenancyTestDatabase.APP_ROLE);
	}

	@Test
	void passesOnARepositoryScopedByTenant() {
		TenantIsolationAssertions.forRepository(this.scopedNotes, () -> new ScopedNote("plan"))
			.between("acme", "globex")
			.updating((note) -> note.setText("changed by another tenant"), ScopedNote::getText)
			.verify();
		// every row it saved was its tenant's own and is deleted again by that tenant
		assertThat(adminCount("select count(*) from scoped_notes")).isZero();
	}

	@Test
	void passesOnARepositoryScopedByTenantWithATransactionPerStep() {
		TenantIsolationAssertions.forRepository(this.scopedNotes, () -> new ScopedNote("plan"))
			.between("globex", "acme")
			.inTransactions(this.transactionManager)
			.rowsPerTenant(3)
			.verify();
		assertThat(adminCount("select count(*) from scoped_notes")).isZero();
	}

	@Test
	void passesOnAPlainCrudRepository() {
		TenantIsolationAssertions.forRepository(this.plainScopedNotes, () -> new ScopedNote("plan"))
			.between("acme", "globex")
			.verify();
	}

	@Test
	void failsOnARepositoryThatIsNotScopedNamingEachOperationDirectionAndRow() {
		AssertionError failure = assertFails(() -> TenantIsolationAssertions
			.forRepository(this.leakyNotes, () -> new LeakyNote("plan"))
			.between("acme", "globex")
			.updating((note) -> note.setText("changed by another tenant"), LeakyNote::getText)
			.verify());
		String message = failure.getMessage();
		assertThat(message).startsWith("Tenant isolation between 'acme' and 'globex' is broken in LeakyNoteRepository: "
				+ "24 checks crossed between the tenants")
			.doesNotContain("cannot be checked");
		// acme saves first, so globex counts acme's 2 rows from 0, and acme counts globex's from its own 2
		for (String[] direction : new String[][] { { "acme", "globex", "from 2 to 4" }, { "globex", "acme", "from 0 to 2" } }) {
			String from = direction[0];
			String into = direction[1];
			String crossed = "reached from '" + from + "' into '" + into + "': ";
			assertThat(message).containsPattern(line("count() " + crossed + "as '" + from + "', it went " + direction[2]
					+ " when '" + into + "' saved 2 rows ") + UUID_LIST)
				.containsPattern(line("findAll(Pageable).getTotalElements() " + crossed + "as '" + from + "', it went from"));
			for (String read : List.of("findById", "existsById", "findAllById")) {
				assertThat(message).containsPattern(line(read + " " + crossed + "as '" + from + "', it found '" + into
						+ "''s rows ") + UUID_LIST);
			}
			for (String listing : List.of("findAll()", "findAll(Pageable)")) {
				assertThat(message).containsPattern(line(listing + " " + crossed + "as '" + from + "', it returned '"
						+ into + "''s rows ") + UUID_LIST);
			}
			for (String delete : List.of("deleteById", "delete(entity)", "deleteAllById", "deleteAll(entities)")) {
				assertThat(message).containsPattern(line(delete + " " + crossed + "as '" + from + "', " + delete + " on '"
						+ into + "''s row ") + "[0-9a-f-]{36}" + Pattern.quote(" removed it: '" + into + "' no longer finds it"));
			}
			assertThat(message).containsPattern(line("save (update) " + crossed + "as '" + from + "', changing '" + into
					+ "''s row ") + "[0-9a-f-]{36}" + Pattern.quote(" changed what '" + into
							+ "' reads from \"plan\" to \"changed by another tenant\""));
		}
	}

	@Test
	void failsWhenTheTenantCannotSeeItsOwnRowsRatherThanPassingVacuously() {
		// reads that never reach the database with the tenant: row-level security shows them nothing at all
		IsolationOperations<UUID> blindReads = IsolationOperations.<UUID>builder("rls_notes (reads without tenant)")
			.create(() -> insertRlsNote("plan"))
			.findById((id) -> !this.jdbc.queryForList("select id from rls_notes where id = ?", UUID.class, id).isEmpty())
			.count(() -> this.jdbc.queryForObject("select count(*) from rls_notes", Long.class))
			.build();
		AssertionError failure = assertFails(() -> TenantIsolationAssertions.forOperations(blindReads)
			.between("acme", "globex")
			.inTransactions(this.transactionManager)
			.verify());
		assertThat(failure.getMessage()).matches(Pattern.quote("Tenant isolation between 'acme' and 'globex' cannot be "
				+ "checked for rls_notes (reads without tenant): as 'acme', findById(") + "[0-9a-f-]{36}"
				+ Pattern.quote(") does not find the row 'acme' has just saved.") + "(?s).*");
		assertThat(adminCount("select count(*) from rls_notes where tenant_id = 'acme'"))
			.as("the row was saved, as the superuser sees").isOne();
	}

	@Test
	void reportsAnOperationThatDoesNotSeeTheTenantsOwnRows() {
		IsolationOperations<UUID> blindCount = rlsNotes("rls_notes (count without tenant)")
			.count(() -> this.jdbc.queryForObject("select count(*) from rls_notes", Long.class))
			.build();
		AssertionError failure = assertFails(() -> TenantIsolationAssertions.forOperations(blindCount)
			.between("acme", "globex")
			.inTransactions(this.transactionManager)
			.verify());
		assertThat(failure.getMessage()).isEqualTo("Tenant isolation between 'acme' and 'globex' could not be fully "
				+ "checked in rls_notes (count without tenant): some operations do not see even the tenant's own rows, "
				+ "so a check from the other tenant would pass vacuously:\n"
				+ "  - count() cannot be checked: as 'acme', it went from 0 to 0 when 'acme' saved 2 rows, so it does "
				+ "not count the tenant's own rows exactly\n"
				+ "  - count() cannot be checked: as 'globex', it went from 0 to 0 when 'globex' saved 2 rows, so it "
				+ "does not count the tenant's own rows exactly");
	}

	@Test
	void passesOnCallbacksScopedByRowLevelSecurityInTransactions() {
		TenantIsolationAssertions.forOperations(rlsNotes("rls_notes (JdbcTemplate)").build())
			.between("acme", "globex")
			.inTransactions(new TransactionTemplate(this.transactionManager))
			.verify();
		assertThat(adminCount("select count(*) from rls_notes")).isZero();
	}

	@Test
	void namesOnlyTheOperationThatCrossesInTheDirectionItCrosses() {
		// every operation filters by tenant, except that acme's count, like an administrator's, counts every row
		IsolationOperations<UUID> operations = IsolationOperations.<UUID>builder("scoped_notes (JdbcTemplate)")
			.create(() -> {
				UUID id = UUID.randomUUID();
				this.jdbc.update("insert into scoped_notes (tenant_id, id, text) values (?, ?, 'plan')", tenant(), id);
				return id;
			})
			.findById((id) -> exists("select count(*) from scoped_notes where tenant_id = ? and id = ?", tenant(), id))
			.findAll(() -> this.jdbc.queryForList("select id from scoped_notes where tenant_id = ?", UUID.class, tenant()))
			.count(() -> tenant().equals("acme")
					? this.jdbc.queryForObject("select count(*) from scoped_notes", Long.class)
					: this.jdbc.queryForObject("select count(*) from scoped_notes where tenant_id = ?", Long.class, tenant()))
			.deleteById((id) -> this.jdbc.update("delete from scoped_notes where tenant_id = ? and id = ?", tenant(), id))
			.build();
		AssertionError failure = assertFails(() -> TenantIsolationAssertions.forOperations(operations)
			.between("acme", "globex")
			.verify());
		assertThat(failure.getMessage()).matches(Pattern.quote("Tenant isolation between 'acme' and 'globex' is broken "
				+ "in scoped_notes (JdbcTemplate): 1 check crossed between the tenants\n"
				+ "  - count() reached from 'acme' into 'globex': as 'acme', it went from 2 to 4 when 'globex' saved 2 "
				+ "rows ") + UUID_LIST);
	}

	@Test
	void refusesToRunInsideATransactionThatEveryStepWouldJoin() {
		TransactionTemplate outer = new TransactionTemplate(this.transactionManager);
		assertThatIllegalStateException().isThrownBy(() -> outer.executeWithoutResult((status) -> TenantIsolationAssertions
			.forRepository(this.scopedNotes, () -> new ScopedNote("plan"))
			.between("acme", "globex")
			.verify()))
			.withMessageContaining("runs inside a transaction")
			.withMessageContaining(".inTransactions(transactionManager)");
	}

	private IsolationOperations.Builder<UUID> rlsNotes(String name) {
		return IsolationOperations.<UUID>builder(name)
			.create(() -> insertRlsNote("plan"))
			.findById((id) -> {
				bindTenantInTransaction();
				return exists("select count(*) from rls_notes where id = ?", id);
			})
			.existsById((id) -> {
				bindTenantInTransaction();
				return exists("select count(*) from rls_notes where id = ?", id);
			})
			.findAll(() -> {
				bindTenantInTransaction();
				return this.jdbc.queryForList("select id from rls_notes", UUID.class);
			})
			.count(() -> {
				bindTenantInTransaction();
				return this.jdbc.queryForObject("select count(*) from rls_notes", Long.class);
			})
			.deleteById((id) -> {
				bindTenantInTransaction();
				this.jdbc.update("delete from rls_notes where id = ?", id);
			})
			.update("update text", (id) -> {
				bindTenantInTransaction();
				this.jdbc.update("update rls_notes set text = 'changed by another tenant' where id = ?", id);
			}, (id) -> {
				bindTenantInTransaction();
				return this.jdbc.queryForList("select text from rls_notes where id = ?", String.class, id)
					.stream()
					.findFirst()
					.orElse(null);
			});
	}

	private UUID insertRlsNote(String text) {
		bindTenantInTransaction();
		return this.jdbc.queryForObject("insert into rls_notes (text) values (?) returning id", UUID.class, text);
	}

	/** What tenancy-jpa's data source does at the start of each transaction. */
	private void bindTenantInTransaction() {
		this.jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenant());
	}

	private static String tenant() {
		return TenantContext.require().value();
	}

	private boolean exists(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return count != null && count > 0;
	}

	private long adminCount(String sql) {
		Long count = new JdbcTemplate(this.database.adminDataSource()).queryForObject(sql, Long.class);
		return (count != null) ? count : -1;
	}

	private static String line(String start) {
		return "\n  - " + Pattern.quote(start);
	}

	private static AssertionError assertFails(Runnable verification) {
		return assertThatExceptionOfType(AssertionError.class).isThrownBy(verification::run).actual();
	}

}
