package dev.tenancy.jpa.it;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.tenancy.core.context.MissingTenantException;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantMismatchException;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tenant acme must never read, update or delete tenant globex's rows, on every access path. Each subclass runs
 * the same checks with a different set of layers switched on. Every test first proves, through the
 * superuser connection, that globex's rows are there.
 */
@SpringBootTest(classes = IsolationTestApplication.class)
@WithTenancyDatabase
@DirtiesContext
abstract class AbstractIsolationIT {

	@Autowired
	ProjectRepository projects;

	@Autowired
	EntityManager entityManager;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	TenancyTestDatabase database;

	/** Acme's project. Globex owns a project with the same id, and a task under it. */
	UUID sharedId;

	UUID globexOnlyId;

	private final boolean rlsLayer;

	private final boolean hibernateLayer;

	/**
	 * @param rlsLayer whether row-level security is on in this variant
	 * @param hibernateLayer whether the Hibernate layer is on in this variant
	 */
	AbstractIsolationIT(boolean rlsLayer, boolean hibernateLayer) {
		this.rlsLayer = rlsLayer;
		this.hibernateLayer = hibernateLayer;
	}

	boolean rlsLayer() {
		return this.rlsLayer;
	}

	boolean hibernateLayer() {
		return this.hibernateLayer;
	}

	@BeforeEach
	void seed() {
		for (Location location : locations()) {
			adminExecute(location, "delete from tasks; delete from projects;");
		}
		this.sharedId = asTenant("acme", () -> {
			Project project = this.projects.save(new Project("A1"));
			this.entityManager.persist(new Task(project, "acme task"));
			return project.getId();
		});
		this.globexOnlyId = asTenant("globex", () -> this.projects.save(new Project("G1")).getId());
		adminExecute(globexLocation(), "insert into projects (tenant_id, id, name) values ('globex', '" + this.sharedId
				+ "', 'G-shared'); insert into tasks (tenant_id, id, project_id, title) values ('globex', '"
				+ UUID.randomUUID() + "', '" + this.sharedId + "', 'globex task')");
		assertThat(adminCount("select count(*) from projects where tenant_id = 'globex'")).isEqualTo(2);
		assertThat(adminCount("select count(*) from tasks where tenant_id = 'globex'")).isEqualTo(1);
	}

	@Test
	void insertsAreStampedWithTheBoundTenant() {
		assertThat(adminCount("select count(*) from projects where tenant_id = 'acme' and name = 'A1'")).isEqualTo(1);
		assertThat(adminCount("select count(*) from projects where tenant_id = 'globex' and name = 'G1'")).isEqualTo(1);
	}

	@Test
	void explicitlySetOtherTenantIsRejectedOnInsert() {
		Project planted = new Project("planted");
		planted.setTenantId("globex");
		assertThatThrownBy(() -> asTenant("acme", () -> this.projects.saveAndFlush(planted)))
			.satisfies((ex) -> assertThat(ex).hasStackTraceContaining(
					hibernateLayer() ? "assigned tenant id differs from current tenant id" : "row-level security"));
		assertThat(adminCount("select count(*) from projects where name = 'planted'")).isZero();
	}

	@Test
	void findByIdSeesOnlyTheOwnRow() {
		assertThat(asTenant("acme", () -> this.projects.findById(this.globexOnlyId))).isEmpty();
		assertThat(asTenant("acme", () -> this.projects.findById(this.sharedId).map(Project::getName))).contains("A1");
		assertThat(asTenant("globex", () -> this.projects.findById(this.sharedId).map(Project::getName)))
			.contains("G-shared");
	}

	@Test
	void jpqlSeesOnlyOwnRows() {
		List<String> names = asTenant("acme", () -> this.entityManager
			.createQuery("select p.name from Project p order by p.name", String.class)
			.getResultList());
		assertThat(names).containsExactly("A1");
	}

	@Test
	void criteriaSeesOnlyOwnRows() {
		List<Project> found = asTenant("acme", () -> {
			CriteriaBuilder cb = this.entityManager.getCriteriaBuilder();
			CriteriaQuery<Project> query = cb.createQuery(Project.class);
			query.select(query.from(Project.class));
			return this.entityManager.createQuery(query).getResultList();
		});
		assertThat(found).extracting(Project::getName).containsExactly("A1");
	}

	@Test
	void derivedQuerySeesOnlyOwnRows() {
		assertThat(asTenant("acme", () -> this.projects.findByName("G1"))).isEmpty();
		assertThat(asTenant("acme", () -> this.projects.findByName("A1"))).hasSize(1);
	}

	@Test
	void pagingAndItsCountQuerySeeOnlyOwnRows() {
		var page = asTenant("acme", () -> this.projects.findAll(PageRequest.of(0, 1)));
		assertThat(page.getTotalElements()).isEqualTo(1);
		assertThat(page.getContent()).extracting(Project::getName).containsExactly("A1");
		var derivedPage = asTenant("acme", () -> this.projects.findByNameStartingWith("G", PageRequest.of(0, 10)));
		assertThat(derivedPage.getTotalElements()).isZero();
		assertThat(asTenant("acme", () -> this.projects.count())).isEqualTo(1);
	}

	@Test
	void bulkJpqlUpdateTouchesOnlyOwnRows() {
		assertThat(asTenant("acme", () -> this.projects.renameAll("renamed"))).isEqualTo(1);
		assertThat(adminCount("select count(*) from projects where tenant_id = 'globex' and name = 'renamed'")).isZero();
	}

	@Test
	void bulkJpqlDeleteTouchesOnlyOwnRows() {
		assertThat(asTenant("acme", () -> this.projects.deleteByNameInBulk("G1"))).isZero();
		assertThat(adminCount("select count(*) from projects where tenant_id = 'globex' and name = 'G1'")).isEqualTo(1);
	}

	@Test
	void loadedEntityOfAnotherTenantCannotBeUpdatedOrDeleted() {
		Project globex = asTenant("globex", () -> this.projects.findById(this.globexOnlyId).orElseThrow());
		globex.setName("hijacked");
		assertThatThrownBy(() -> asTenant("acme", () -> this.projects.saveAndFlush(globex))).isNotNull();
		asTenant("acme", () -> {
			this.projects.delete(globex);
			this.projects.deleteById(this.globexOnlyId);
			return null;
		});
		assertThat(adminCount("select count(*) from projects where tenant_id = 'globex' and name = 'G1'")).isEqualTo(1);
		assertThat(adminCount("select count(*) from projects where name = 'hijacked'")).isZero();
	}

	@Test
	void lazyAssociationLoadsOnlyOwnRows() {
		List<String> titles = asTenant("acme", () -> this.projects.findById(this.sharedId)
			.orElseThrow()
			.getTasks()
			.stream()
			.map(Task::getTitle)
			.toList());
		assertThat(titles).containsExactly("acme task");
	}

	@Test
	void nativeSqlSeesOnlyOwnRows() {
		assumeThat(rlsLayer()).as("native SQL is covered by row-level security only").isTrue();
		assertThat(asTenant("acme", () -> this.projects.findByNameNatively("G1"))).isEmpty();
		assertThat(asTenant("acme", () -> this.entityManager.createNativeQuery("select count(*) from projects")
			.getSingleResult())).isEqualTo(1L);
	}

	@Test
	void jdbcTemplateCanNeitherReadNorUpdateNorDeleteOtherRows() {
		assumeThat(rlsLayer()).as("JdbcTemplate is covered by row-level security only").isTrue();
		assertThat(asTenant("acme", () -> this.jdbc.queryForObject("select count(*) from projects", Long.class)))
			.isEqualTo(1);
		assertThat(asTenant("acme",
				() -> this.jdbc.update("update projects set name = 'x' where tenant_id = 'globex'"))).isZero();
		assertThat(asTenant("acme", () -> this.jdbc.update("delete from projects where tenant_id = 'globex'")))
			.isZero();
		assertThat(adminCount("select count(*) from projects where tenant_id = 'globex'")).isEqualTo(2);
	}

	@Test
	void jdbcTemplateCannotInsertForAnotherTenant() {
		assumeThat(rlsLayer()).as("JdbcTemplate is covered by row-level security only").isTrue();
		assertThatThrownBy(() -> asTenant("acme", () -> this.jdbc.update(
				"insert into projects (tenant_id, id, name) values ('globex', gen_random_uuid(), 'planted')")))
			.rootCause()
			.hasMessageContaining("row-level security");
		assertThat(adminCount("select count(*) from projects where name = 'planted'")).isZero();
	}

	@Test
	void withNoTenantTheApplicationLayerThrowsAndTheDatabaseShowsNothing() {
		assertThatThrownBy(() -> this.tx.execute((status) -> this.projects.findAll()))
			.hasRootCauseInstanceOf(MissingTenantException.class);
		if (rlsLayer()) {
			Long visible = this.tx.execute((status) -> this.jdbc.queryForObject("select count(*) from projects", Long.class));
			assertThat(visible).isZero();
		}
	}

	@Test
	void anotherTenantBoundInsideATenantsTransactionIsRefusedOnEveryPath() {
		assertGlobexRefusedOnEveryPath((globexWork) -> asTenant("acme", () -> {
			this.projects.count(); // acme's transaction has its connection and its session
			return globexWork.get();
		}), "taken for tenant 'acme' and tenant 'globex' is bound now");
	}

	@ParameterizedTest(name = "connection taken before the tenant is bound: {0}")
	@ValueSource(booleans = { true, false })
	void aTenantBoundInsideATransactionBegunWithNoTenantIsRefusedOnEveryPath(boolean connectionTakenFirst) {
		assertGlobexRefusedOnEveryPath((globexWork) -> this.tx.execute((status) -> {
			if (connectionTakenFirst) {
				this.jdbc.queryForObject("select 1", Integer.class);
			}
			return globexWork.get();
		}), "taken with no tenant bound and tenant 'globex' is bound now");
	}

	/**
	 * Runs globex's work on every access path (read, load by key, insert, native SQL, JdbcTemplate read and
	 * update), each inside a transaction that the given function begins, and expects each refused.
	 */
	private void assertGlobexRefusedOnEveryPath(Function<Supplier<Object>, Object> transaction, String message) {
		List<Runnable> paths = List.of(() -> this.projects.findAll(), () -> this.projects.findById(this.globexOnlyId),
				() -> this.projects.saveAndFlush(new Project("written-for-globex")),
				() -> this.entityManager.createNativeQuery("select count(*) from projects").getSingleResult(),
				() -> this.jdbc.queryForObject("select count(*) from projects", Long.class),
				() -> this.jdbc.update("update projects set name = 'renamed-for-globex'"));
		for (Runnable path : paths) {
			Throwable thrown = catchThrowable(() -> transaction.apply(() -> TenantContext.where("globex").get(() -> {
				path.run();
				return null;
			})));
			assertThat(NestedExceptionUtils.getMostSpecificCause(thrown)).isInstanceOf(TenantMismatchException.class)
				.hasMessageContaining(message);
		}
		assertThat(adminCount("select count(*) from projects where name in ('written-for-globex', "
				+ "'renamed-for-globex')")).isZero();
	}

	@Test
	void anotherTenantsWorkInsideATransactionRunsInATransactionOfItsOwn() {
		TransactionTemplate requiresNew = new TransactionTemplate(this.tx.getTransactionManager());
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		List<List<String>> seen = asTenant("acme", () -> List.of(names(),
				TenantContext.where("globex").get(() -> requiresNew.execute((status) -> names())), names()));
		assertThat(seen).containsExactly(List.of("A1"), List.of("G-shared", "G1"), List.of("A1"));
	}

	private List<String> names() {
		return this.projects.findAll().stream().map(Project::getName).sorted().toList();
	}

	<T> T asTenant(String tenant, Supplier<T> work) {
		return TenantContext.where(tenant).get(() -> this.tx.execute((status) -> work.get()));
	}

	/** Where tenant tables live in this variant: a database (by its superuser pool) and a schema in it. */
	record Location(javax.sql.DataSource admin, String schema) {

	}

	/** Every place holding tenant tables in this variant. */
	List<Location> locations() {
		return List.of(main("public"));
	}

	/** Where globex's rows live in this variant. */
	Location globexLocation() {
		return main("public");
	}

	Location main(String schema) {
		return new Location(this.database.adminDataSource(), schema);
	}

	/** The privileged view: the count over every place that holds tenant tables. */
	long adminCount(String sql) {
		long total = 0;
		for (Location location : locations()) {
			total += inSchema(location, (jdbc) -> jdbc.queryForObject(sql, Long.class));
		}
		return total;
	}

	void adminExecute(Location location, String sql) {
		inSchema(location, (jdbc) -> {
			jdbc.execute(sql);
			return null;
		});
	}

	private <T> T inSchema(Location location, java.util.function.Function<JdbcTemplate, T> work) {
		String schema = location.schema();
		try (java.sql.Connection connection = location.admin().getConnection()) {
			JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true));
			jdbc.execute("set search_path to \"" + schema + "\"");
			try {
				return work.apply(jdbc);
			}
			finally {
				jdbc.execute("reset search_path");
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
