package dev.tenancy.jpa.hibernate;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.tenancy.core.context.MissingTenantException;
import dev.tenancy.jpa.it.Project;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.Session;
import org.hibernate.query.sqm.sql.SqmTranslation;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.JdbcSelect;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JPQL select trees kept per query and tenant serve each tenant only its own rows, with the Hibernate layer alone
 * keeping tenants apart.
 */
class TenantQueryTranslationsIT extends HibernateLayerAlone {

	private static final int ROUNDS = 4;

	private static final String NAMES = "select p.name from Project p where p.name like :prefix order by p.name";

	private UUID sharedId;

	@BeforeEach
	void forgetTheTrees() {
		this.sharedId = this.rows.sharedId();
		TenantQueryTranslations translations = translator().translations();
		if (translations != null) {
			translations.clear();
		}
	}

	@Test
	void keptTreesServeEachTenantOnlyItsOwnRows() {
		Set<Object> keptAfterFirstRound = null;
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("acme", () -> names())).containsExactly("A1");
			assertThat(asTenant("globex", () -> names())).containsExactly("G-shared", "G1");
			if (keptAfterFirstRound == null) {
				keptAfterFirstRound = identities(kept());
				assertThat(keptAfterFirstRound).as("one tree per tenant for the query").hasSize(2);
			}
			else {
				assertThat(identities(kept())).as("the trees are built once and reused, round %d", round)
					.isEqualTo(keptAfterFirstRound);
			}
		}
	}

	@Test
	void keptTreesWriteTheirSqlOnceAndEachServesOnlyItsTenant() {
		assertThat(sessionFactory().getJdbcServices().getJdbcEnvironment())
			.as("the JDBC environment that keeps the SQL, registered by the library's service contributor")
			.isInstanceOf(KeptSqlEnvironment.class);
		Set<Object> writtenInFirstRound = null;
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("acme", () -> names())).containsExactly("A1");
			assertThat(asTenant("globex", () -> names())).containsExactly("G-shared", "G1");
			Set<Object> written = identities(operations());
			if (writtenInFirstRound == null) {
				writtenInFirstRound = written;
				assertThat(writtenInFirstRound).as("the SQL written once for each tenant's tree").hasSize(2);
			}
			else {
				assertThat(written).as("the SQL kept and reused, round %d", round).isEqualTo(writtenInFirstRound);
			}
		}
	}

	@Test
	void aPageThatTheKeptSqlDoesNotFitIsWrittenAgainAndReadsTheTenantsRows() {
		// A first page without an offset writes SQL without one; the second page needs one, so that SQL must not
		// serve it.
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("globex", () -> page(null, 1))).as("round %d", round).containsExactly("G-shared");
			assertThat(asTenant("globex", () -> page(1, 1))).as("round %d", round).containsExactly("G1");
			assertThat(asTenant("globex", () -> page(null, 5))).as("round %d", round)
				.containsExactly("G-shared", "G1");
			assertThat(asTenant("acme", () -> page(1, 1))).as("round %d", round).isEmpty();
			assertThat(asTenant("acme", () -> page(null, 1))).as("round %d", round).containsExactly("A1");
			assertThat(asTenant("acme", () -> page(0, 1))).as("round %d", round).containsExactly("A1");
		}
		assertThat(kept()).as("one tree per tenant for the paged query").hasSize(2);
		assertThat(operations()).as("each tree keeps the SQL it wrote last").hasSize(2).doesNotContainNull();
	}

	@Test
	void aStreamAndAListOfOneKeptTreeEachReadTheTenantsRows() {
		for (int round = 0; round < ROUNDS; round++) {
			for (String tenant : List.of("acme", "globex")) {
				List<String> own = tenant.equals("acme") ? List.of("A1") : List.of("G-shared", "G1");
				assertThat(asTenant(tenant, () -> names())).isEqualTo(own);
				assertThat(asTenant(tenant, () -> {
					try (Stream<String> names = this.entityManager.createQuery(NAMES, String.class)
						.setParameter("prefix", "%")
						.getResultStream()) {
						return names.toList();
					}
				})).isEqualTo(own);
			}
		}
		assertThat(kept()).as("one tree per tenant for list and stream").hasSize(2);
	}

	@Test
	void countsJoinsSubqueriesAndFilteredCollectionsKeepTheirTenant() {
		for (int round = 0; round < ROUNDS; round++) {
			for (String tenant : List.of("acme", "globex")) {
				String task = tenant + " task";
				assertThat(asTenant(tenant, () -> this.entityManager
					.createQuery("select count(*) from Project p", Long.class)
					.getSingleResult())).isEqualTo(tenant.equals("acme") ? 1 : 2);
				assertThat(asTenant(tenant, () -> this.entityManager
					.createQuery("select t.title from Task t join t.project p where p.id = :id", String.class)
					.setParameter("id", this.sharedId)
					.getResultList())).containsExactly(task);
				assertThat(asTenant(tenant, () -> this.entityManager
					.createQuery("select p.name from Project p where exists "
							+ "(select 1 from Task t where t.project = p)", String.class)
					.getResultList())).containsExactly(tenant.equals("acme") ? "A1" : "G-shared");
				assertThat(asTenant(tenant, () -> this.entityManager
					.createQuery("select distinct p from Project p left join fetch p.tasks where p.id = :id",
							Project.class)
					.setParameter("id", this.sharedId)
					.getSingleResult()
					.getTasks()
					.stream()
					.map((t) -> t.getTitle())
					.toList())).containsExactly(task);
				assertThat(asTenant(tenant, () -> this.entityManager
					.createQuery("select i.title from Invoice i", String.class)
					.getResultList())).containsExactly(tenant + " invoice");
			}
		}
		assertThat(kept()).as("each of five queries kept once per tenant").hasSize(10);
	}

	@Test
	void aPageHasATreeOfItsOwnAndEachPageTheTenantsRows() {
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("globex", () -> this.entityManager.createQuery(NAMES, String.class)
				.setParameter("prefix", "G%")
				.setFirstResult(1)
				.setMaxResults(1)
				.getResultList())).containsExactly("G1");
			assertThat(asTenant("acme", () -> this.entityManager.createQuery(NAMES, String.class)
				.setParameter("prefix", "%")
				.setMaxResults(5)
				.getResultList())).containsExactly("A1");
			assertThat(asTenant("acme", () -> names())).containsExactly("A1");
		}
		assertThat(kept()).as("globex with a limit, acme with and without one").hasSize(3);
	}

	@Test
	void theTreeFollowsTheFiltersValueAsHibernatesOwnDoes() {
		// An application that re-parameterises the filter reads as that tenant, with or without kept trees. Acme's
		// tree is kept first, so that a tree keyed by the session's tenant instead of the filter's value would show.
		assertThat(asTenant("acme", () -> names())).containsExactly("A1");
		assertThat(asTenant("acme", () -> {
			this.entityManager.unwrap(Session.class)
				.enableFilter(TenantFilters.NAME)
				.setParameter(TenantFilters.PARAMETER, "globex");
			return names();
		})).containsExactly("G-shared", "G1");
	}

	@Test
	void anotherEnabledFilterLeavesTheQueryToHibernate() {
		String query = "select d.title from Document d";
		for (String title : List.of("acme invoice", "globex invoice", "acme invoice")) {
			assertThat(asTenant("acme", () -> {
				this.entityManager.unwrap(Session.class).enableFilter(Document.TITLED).setParameter("title", title);
				return this.entityManager.createQuery(query, String.class).getResultList();
			})).as("acme's documents titled '%s'", title)
				.isEqualTo(title.startsWith("acme") ? List.of(title) : List.of());
		}
		assertThat(kept()).as("no tree kept while a filter besides the tenant's is enabled").isEmpty();
	}

	@Test
	void listParametersLocksGraphsAndCriteriaLeaveTheQueryToHibernate() {
		for (String tenant : List.of("acme", "globex", "acme")) {
			String own = tenant.equals("acme") ? "A1" : "G-shared";
			assertThat(asTenant(tenant, () -> this.entityManager
				.createQuery("select p.name from Project p where p.name in :names", String.class)
				.setParameter("names", List.of("A1", "G-shared"))
				.getResultList())).containsExactly(own);
			assertThat(asTenant(tenant, () -> this.entityManager
				.createQuery("select p from Project p where p.id = :id", Project.class)
				.setParameter("id", this.sharedId)
				.setLockMode(LockModeType.PESSIMISTIC_WRITE)
				.getSingleResult()
				.getName())).isEqualTo(own);
			assertThat(asTenant(tenant, () -> {
				var graph = this.entityManager.createEntityGraph(Project.class);
				graph.addAttributeNode("tasks");
				return this.entityManager.createQuery("select p from Project p where p.id = :id", Project.class)
					.setParameter("id", this.sharedId)
					.setHint("jakarta.persistence.fetchgraph", graph)
					.getSingleResult()
					.getTasks()
					.stream()
					.map((t) -> t.getTitle())
					.toList();
			})).containsExactly(tenant + " task");
			assertThat(asTenant(tenant, () -> {
				CriteriaBuilder cb = this.entityManager.getCriteriaBuilder();
				CriteriaQuery<Project> criteria = cb.createQuery(Project.class);
				Root<Project> root = criteria.from(Project.class);
				criteria.where(cb.equal(root.get("id"), this.sharedId));
				return this.entityManager.createQuery(criteria).getSingleResult().getName();
			})).isEqualTo(own);
		}
		assertThat(kept()).as("no tree kept for a list parameter, a lock, an entity graph or a criteria query")
			.isEmpty();
	}

	@Test
	void withNoTenantBoundAQueryFailsEvenWithEveryTenantsTreeKept() {
		asTenant("acme", () -> names());
		asTenant("globex", () -> names());
		assertThat(kept()).hasSize(2);
		for (int round = 0; round < 2; round++) {
			assertThatThrownBy(() -> this.tx.execute((status) -> names())).as("round %d", round)
				.isInstanceOf(MissingTenantException.class);
		}
	}

	/** A page of the tenant's names, from the first result given or with no first result set. */
	private List<String> page(@Nullable Integer first, int size) {
		var query = this.entityManager.createQuery(NAMES, String.class).setParameter("prefix", "%");
		if (first != null) {
			query.setFirstResult(first);
		}
		return query.setMaxResults(size).getResultList();
	}

	/** The SQL each kept tree keeps, null where it has written none yet. */
	private List<@Nullable JdbcSelect> operations() {
		return kept().stream().map((translation) -> ((KeptSelectStatement) translation.getSqlAst()).operation())
			.toList();
	}

	private List<String> names() {
		return this.entityManager.createQuery(NAMES, String.class).setParameter("prefix", "%").getResultList();
	}

	private Collection<SqmTranslation<SelectStatement>> kept() {
		TenantQueryTranslations translations = translator().translations();
		return (translations != null) ? translations.kept() : List.of();
	}

	private TenantSqmTranslatorFactory translator() {
		Object factory = sessionFactory().getQueryEngine().getSqmTranslatorFactory();
		assertThat(factory).isInstanceOf(TenantSqmTranslatorFactory.class);
		return (TenantSqmTranslatorFactory) factory;
	}

	private static Set<Object> identities(Collection<?> objects) {
		Set<Object> identities = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
		identities.addAll(objects);
		return identities;
	}

}
