package dev.tenancy.jpa.hibernate;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tenancy.core.context.MissingTenantException;
import dev.tenancy.jpa.it.Project;
import dev.tenancy.jpa.it.Task;
import jakarta.persistence.LockModeType;
import org.hibernate.Hibernate;
import org.hibernate.LockMode;
import org.hibernate.Session;
import org.hibernate.loader.ast.spi.SingleIdEntityLoader;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.spi.PersisterClassResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Load plans kept per tenant serve each tenant only its own rows, with the Hibernate layer alone keeping tenants
 * apart.
 */
class TenantLoadPlansIT extends HibernateLayerAlone {

	private static final int ROUNDS = 4;

	private UUID sharedId;

	private UUID globexOnlyId;

	private Map<String, UUID> invoices;

	private Map<String, UUID> devices;

	@BeforeEach
	void readTheRows() {
		this.sharedId = this.rows.sharedId();
		this.globexOnlyId = this.rows.globexOnlyId();
		this.invoices = this.rows.invoices();
		this.devices = this.rows.devices();
	}

	@Test
	void keptPlansServeEachTenantOnlyItsOwnRows() {
		SingleIdEntityLoader<?> acmePlan = null;
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("acme", () -> name(this.entityManager.find(Project.class, this.sharedId))))
				.isEqualTo("A1");
			assertThat(asTenant("globex", () -> name(this.entityManager.find(Project.class, this.sharedId))))
				.isEqualTo("G-shared");
			assertThat(asTenant("acme", () -> this.entityManager.find(Project.class, this.globexOnlyId))).isNull();
			assertThat(asTenant("globex", () -> name(this.entityManager.find(Project.class, this.globexOnlyId))))
				.isEqualTo("G1");
			SingleIdEntityLoader<?> kept = keptPlan(Project.class, "acme", LockMode.NONE);
			assertThat(kept).as("acme's plan for Project, kept after round %d", round).isNotNull();
			if (acmePlan != null) {
				assertThat(kept).as("the plan is built once and reused").isSameAs(acmePlan);
			}
			acmePlan = kept;
		}
		assertThat(keptPlan(Project.class, "globex", LockMode.NONE)).isNotNull().isNotSameAs(acmePlan);
	}

	@Test
	void entitiesWithJoinedAndTablePerClassInheritanceKeepPlansPerTenantToo() {
		for (int round = 0; round < ROUNDS; round++) {
			for (String tenant : this.invoices.keySet()) {
				String other = tenant.equals("acme") ? "globex" : "acme";
				assertThat(asTenant(tenant, () -> this.entityManager.find(Invoice.class, this.invoices.get(tenant))
					.getTitle())).isEqualTo(tenant + " invoice");
				assertThat(asTenant(tenant, () -> this.entityManager.find(Invoice.class, this.invoices.get(other))))
					.isNull();
				assertThat(asTenant(tenant, () -> this.entityManager.find(Document.class, this.invoices.get(other))))
					.isNull();
				assertThat(asTenant(tenant, () -> this.entityManager.find(Device.class, this.devices.get(tenant))
					.getName())).isEqualTo(tenant + " device");
				assertThat(asTenant(tenant, () -> this.entityManager.find(Device.class, this.devices.get(other))))
					.isNull();
				assertThat(asTenant(tenant, () -> this.entityManager.find(Asset.class, this.devices.get(other))))
					.isNull();
			}
		}
		assertThat(persister(Invoice.class)).isInstanceOf(TenantJoinedSubclassEntityPersister.class);
		assertThat(persister(Device.class)).isInstanceOf(TenantUnionSubclassEntityPersister.class);
		assertThat(persister(Project.class)).isInstanceOf(TenantSingleTableEntityPersister.class);
		for (Class<?> entity : java.util.List.of(Invoice.class, Document.class, Device.class, Asset.class)) {
			assertThat(keptPlan(entity, "acme", LockMode.NONE)).as("acme's plan for %s", entity.getSimpleName())
				.isNotNull();
		}
	}

	@Test
	void lazyToOneAssociationsLoadTheTenantsOwnRowFromTheKeptPlans() {
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("acme", this::projectNamesOfTasks)).containsExactly("A1");
			assertThat(asTenant("globex", this::projectNamesOfTasks)).containsExactly("G-shared");
		}
		assertThat(keptPlan(Project.class, "globex", LockMode.NONE)).isNotNull();
	}

	@Test
	void aPessimisticLockHasAKeptPlanOfItsOwn() {
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(asTenant("acme", () -> name(this.entityManager.find(Project.class, this.sharedId,
					LockModeType.PESSIMISTIC_WRITE))))
				.isEqualTo("A1");
			assertThat(asTenant("acme", () -> this.entityManager.find(Project.class, this.globexOnlyId,
					LockModeType.PESSIMISTIC_WRITE)))
				.isNull();
		}
		assertThat(keptPlan(Project.class, "acme", LockMode.PESSIMISTIC_WRITE)).isNotNull()
			.isNotSameAs(keptPlan(Project.class, "acme", LockMode.NONE));
	}

	@Test
	void aLockTimeoutLeavesTheLoadToHibernate() {
		Set<TenantLoadPlans.Key> before = keptKeys();
		Map<String, Object> timeout = Map.of("jakarta.persistence.lock.timeout", 1000);
		assertThat(asTenant("acme", () -> this.entityManager.find(Project.class, this.globexOnlyId,
				LockModeType.PESSIMISTIC_WRITE, timeout)))
			.isNull();
		assertThat(asTenant("globex", () -> name(this.entityManager.find(Project.class, this.globexOnlyId,
				LockModeType.PESSIMISTIC_WRITE, timeout))))
			.isEqualTo("G1");
		assertThat(keptKeys()).as("no plan kept for a lock with a timeout").isSubsetOf(before);
	}

	@Test
	void anEntityGraphLeavesTheLoadToHibernate() {
		asTenant("globex", () -> name(this.entityManager.find(Project.class, this.sharedId)));
		Set<TenantLoadPlans.Key> before = keptKeys();
		assertThat(asTenant("acme", () -> {
			var graph = this.entityManager.createEntityGraph(Project.class);
			graph.addAttributeNode("tasks");
			return this.entityManager.find(Project.class, this.globexOnlyId, Map.of("jakarta.persistence.fetchgraph", graph));
		})).isNull();
		assertThat(asTenant("globex", () -> {
			var graph = this.entityManager.createEntityGraph(Project.class);
			graph.addAttributeNode("tasks");
			Project project = this.entityManager.find(Project.class, this.sharedId,
					Map.of("jakarta.persistence.fetchgraph", graph));
			assertThat(Hibernate.isInitialized(project.getTasks())).as("tasks fetched by the graph").isTrue();
			return project.getTasks().stream().map(Task::getTitle).toList();
		})).containsExactly("globex task");
		assertThat(keptKeys()).as("no plan kept for a load with an entity graph").isSubsetOf(before);
	}

	@Test
	void thePlanFollowsTheFiltersValueAsHibernatesOwnDoes() {
		// An application that re-parameterises the filter reads as that tenant, with or without kept plans. Acme's
		// plan is kept first, so that a plan keyed by the session's tenant instead of the filter's value would show.
		asTenant("acme", () -> name(this.entityManager.find(Project.class, this.globexOnlyId)));
		assertThat(asTenant("acme", () -> {
			this.entityManager.unwrap(Session.class)
				.enableFilter(TenantFilters.NAME)
				.setParameter(TenantFilters.PARAMETER, "globex");
			return name(this.entityManager.find(Project.class, this.sharedId));
		})).isEqualTo("G-shared");
	}

	@Test
	void withNoTenantBoundAFindFailsEvenWithEveryTenantsPlanKept() {
		asTenant("acme", () -> this.entityManager.find(Project.class, this.sharedId));
		asTenant("globex", () -> this.entityManager.find(Project.class, this.sharedId));
		for (int round = 0; round < 2; round++) {
			assertThatThrownBy(() -> this.tx.execute((status) -> this.entityManager.find(Project.class, this.sharedId)))
				.as("round %d", round)
				.isInstanceOf(MissingTenantException.class);
		}
	}

	private java.util.List<String> projectNamesOfTasks() {
		return this.entityManager.createQuery("select t from Task t", Task.class)
			.getResultList()
			.stream()
			.map((task) -> task.getProject().getName())
			.toList();
	}

	private static String name(Project project) {
		return (project != null) ? project.getName() : null;
	}

	private SingleIdEntityLoader<?> keptPlan(Class<?> entity, String tenant, LockMode lockMode) {
		AbstractEntityPersister persister = persister(entity);
		return resolver().loadPlanCache().getIfPresent(new TenantLoadPlans.Key(persister, tenant, lockMode));
	}

	private AbstractEntityPersister persister(Class<?> entity) {
		return (AbstractEntityPersister) sessionFactory().getMappingMetamodel().getEntityDescriptor(entity);
	}

	private Set<TenantLoadPlans.Key> keptKeys() {
		return Set.copyOf(resolver().loadPlanCache().asMap().keySet());
	}

	private TenantPersisterClassResolver resolver() {
		PersisterClassResolver resolver = sessionFactory().getServiceRegistry().requireService(PersisterClassResolver.class);
		assertThat(resolver).isInstanceOf(TenantPersisterClassResolver.class);
		return (TenantPersisterClassResolver) resolver;
	}

}
