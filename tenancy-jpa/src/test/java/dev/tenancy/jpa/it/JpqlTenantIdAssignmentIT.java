package dev.tenancy.jpa.it;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.hibernate.TenantIdAssignmentException;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaUpdate;
import jakarta.persistence.criteria.Root;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * JPQL and Criteria updates and inserts cannot write another tenant's id into the {@code @TenantId} attribute:
 * Hibernate checks {@code @TenantId} when it saves entities, not in mutation queries, so the library refuses them.
 * Row-level security is switched off here, to prove the Hibernate layer on its own (the isolation fuzz suite
 * found these holes: {@code HibernateOnlyIsolationFuzzIT}).
 */
@SpringBootTest(classes = IsolationTestApplication.class)
@WithTenancyDatabase
@DirtiesContext
@TestPropertySource(properties = { "spring.flyway.locations=classpath:db/tenant,classpath:db/rls-off",
		"tenancy.rls.guard=WARN" })
class JpqlTenantIdAssignmentIT {

	@Autowired
	EntityManager entityManager;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	TenancyTestDatabase database;

	UUID acmeProject;

	@BeforeEach
	void seed() {
		this.database.executeAsAdmin("delete from tasks; delete from projects");
		this.acmeProject = UUID.randomUUID();
		this.database.executeAsAdmin("insert into projects (tenant_id, id, name) values ('acme', '" + this.acmeProject
				+ "', 'A1'), ('globex', gen_random_uuid(), 'G1')");
		assertThat(count("globex")).isEqualTo(1);
	}

	@Test
	void jpqlUpdateCannotMoveRowsToAnotherTenant() {
		assertThat(refusal(() -> asAcme(() -> this.entityManager
			.createQuery("update Project p set p.tenantId = 'globex', p.name = 'moved' where p.id = :id")
			.setParameter("id", this.acmeProject)
			.executeUpdate()))).hasMessageContaining("update of dev.tenancy.jpa.it.Project")
			.hasMessageContaining("@TenantId attribute 'tenantId'");
		assertThat(count("globex")).isEqualTo(1);
		assertThat(count("acme")).isEqualTo(1);
	}

	@Test
	void jpqlUpdateIsRefusedEveryTimeNotOnlyTheFirst() {
		for (int i = 0; i < 3; i++) {
			refusal(() -> asAcme(() -> this.entityManager.createQuery("update Project p set p.tenantId = :other")
				.setParameter("other", "globex")
				.executeUpdate()));
		}
		assertThat(count("globex")).isEqualTo(1);
	}

	@Test
	void criteriaUpdateCannotMoveRowsToAnotherTenant() {
		refusal(() -> asAcme(() -> {
			CriteriaBuilder cb = this.entityManager.getCriteriaBuilder();
			CriteriaUpdate<Project> update = cb.createCriteriaUpdate(Project.class);
			Root<Project> project = update.from(Project.class);
			update.set(project.<String>get("tenantId"), "globex").where(cb.equal(project.get("id"), this.acmeProject));
			return this.entityManager.createQuery(update).executeUpdate();
		}));
		assertThat(count("globex")).isEqualTo(1);
	}

	@Test
	void jpqlInsertCannotWriteARowForAnotherTenant() {
		assertThat(refusal(() -> asAcme(() -> this.entityManager
			.createQuery("insert into Project (id, tenantId, name) values (:id, 'globex', 'planted')")
			.setParameter("id", UUID.randomUUID())
			.executeUpdate()))).hasMessageContaining("insert of dev.tenancy.jpa.it.Project");
		assertThat(count("globex")).isEqualTo(1);
	}

	@Test
	void otherJpqlUpdatesStillRun() {
		assertThat(asAcme(() -> this.entityManager.createQuery("update Project p set p.name = 'renamed'").executeUpdate()))
			.isEqualTo(1);
		assertThat(new JdbcTemplate(this.database.adminDataSource())
			.queryForObject("select count(*) from projects where name = 'renamed'", Long.class)).isEqualTo(1);
	}

	/** Runs the work, which must be refused by the guard (possibly wrapped), and returns the guard's exception. */
	private static TenantIdAssignmentException refusal(ThrowingCallable work) {
		Throwable thrown = catchThrowable(work);
		assertThat(thrown).as("the statement must be refused").isNotNull();
		return Stream.iterate(thrown, Objects::nonNull, Throwable::getCause)
			.filter(TenantIdAssignmentException.class::isInstance)
			.map(TenantIdAssignmentException.class::cast)
			.findFirst()
			.orElseThrow(() -> new AssertionError("refused, but not by the tenant id guard", thrown));
	}

	private long count(String tenant) {
		return new JdbcTemplate(this.database.adminDataSource())
			.queryForObject("select count(*) from projects where tenant_id = ?", Long.class, tenant);
	}

	private <T> T asAcme(Supplier<T> work) {
		return TenantContext.where("acme").get(() -> this.tx.execute((status) -> work.get()));
	}

}
