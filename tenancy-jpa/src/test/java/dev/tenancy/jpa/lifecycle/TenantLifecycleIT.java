package dev.tenancy.jpa.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;


import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.jpa.migration.MigrationState;
import dev.tenancy.jpa.migration.TenantMigrationOutcome;
import dev.tenancy.jpa.migration.TenantMigrationRun;
import dev.tenancy.jpa.migration.TenantMigrator;
import dev.tenancy.test.TenancyTestDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Tenants onboarded, suspended, resumed and offboarded through the JDBC catalog, with SCHEMA tenants' schemas
 * migrated from {@code classpath:db/tenant}: each change in the catalog, in the audit trail and published, or,
 * when refused or failed, nowhere but where the docs say.
 */
class TenantLifecycleIT {

	static final TenantId ACME = TenantId.of("acme");

	static final TenantId GLOBEX = TenantId.of("globex");

	static TenancyTestDatabase db;

	final List<TenantLifecycleEvent> events = new CopyOnWriteArrayList<>();

	LifecycleParts parts;

	TenantLifecycle lifecycle;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantLifecycleIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyCatalogAndTrail() {
		ControlPlane.dropTenants(db);
		ControlPlane.emptyAuditTrail(db);
		this.parts = LifecycleParts.of(db);
		this.lifecycle = lifecycle(this.parts.migrator());
	}

	@Test
	void onboardingASharedTenantRegistersItAndServesIt() {
		Tenant acme = this.lifecycle.onboard(new Tenant(ACME, "Acme Corp", TenantStatus.SUSPENDED, Placement.SHARED),
				"free", "signup-service", "self-service signup");

		assertThat(acme).isEqualTo(new Tenant(ACME, "Acme Corp", TenantStatus.ACTIVE, Placement.SHARED));
		assertThat(this.parts.catalog().findEntry(ACME).orElseThrow().plan()).isEqualTo("free");
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::reason)
			.containsExactly(tuple("ONBOARDING_STARTED", "signup-service",
					"self-service signup"),
					tuple("ONBOARDED", "signup-service", "self-service signup"));
		assertThat(this.events).extracting(TenantLifecycleEvent::action, TenantLifecycleEvent::from,
				TenantLifecycleEvent::to)
			.containsExactly(tuple(Action.ONBOARDING_STARTED, null,
					TenantStatus.PROVISIONING),
					tuple(Action.ONBOARDED, TenantStatus.PROVISIONING,
							TenantStatus.ACTIVE));
		assertThat(this.events).extracting(TenantLifecycleEvent::auditSeq)
			.containsExactlyElementsOf(this.parts.audit().events(ACME).stream().map(AuditEvent::seq).toList());
		assertThat(this.parts.audit().verify().isIntact()).isTrue();
	}

	@Test
	void onboardingASchemaTenantMigratesItsSchemaBeforeItIsServed() {
		Tenant globex = this.lifecycle.onboard(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SCHEMA),
				"business", "ops@example.com", "contract 88");

		assertThat(globex.status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(globex.schema()).isEqualTo("t_globex");
		assertThat(tablesOf("t_globex")).contains("projects", "labels");
		assertThat(this.parts.catalog().findState(GLOBEX)).get()
			.satisfies((state) -> assertThat(state.isMigratedTo("2")).isTrue());
		assertThat(this.parts.audit().events(GLOBEX)).extracting(AuditEvent::action)
			.containsExactly("ONBOARDING_STARTED", "ONBOARDED");
	}

	@Test
	void aFailedOnboardingLeavesTheTenantProvisioningWithTheErrorAndARetryAfterTheFixServesIt() {
		new JdbcTemplate(this.parts.owner()).execute("CREATE SCHEMA t_globex; CREATE TABLE t_globex.projects (id int)");
		Tenant requested = new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SCHEMA);

		assertThatExceptionOfType(TenantOnboardingException.class)
			.isThrownBy(() -> this.lifecycle.onboard(requested, null, "ops", "contract 88"))
			.withMessageContaining("Tenant 'globex' could not be onboarded: migrating its schema 't_globex' failed")
			.withMessageContaining("non-empty schema")
			.withMessageContaining("call onboard again to retry")
			.satisfies((ex) -> assertThat(ex.getTenant()).isEqualTo(GLOBEX));
		assertThat(this.parts.catalog().find(GLOBEX)).get()
			.satisfies((tenant) -> assertThat(tenant.status()).isEqualTo(TenantStatus.PROVISIONING));
		assertThat(this.parts.catalog().findState(GLOBEX)).get()
			.satisfies((state) -> assertThat(state.state()).isEqualTo(MigrationState.FAILED));
		assertThat(this.parts.audit().events(GLOBEX)).extracting(AuditEvent::action)
			.containsExactly("ONBOARDING_STARTED", "ONBOARDING_FAILED");
		assertThat(this.parts.audit().events(GLOBEX).get(1).detail()).contains("non-empty schema");
		assertThat(this.events).extracting(TenantLifecycleEvent::action)
			.containsExactly(Action.ONBOARDING_STARTED, Action.ONBOARDING_FAILED);

		db.executeAsAdmin("DROP TABLE t_globex.projects");
		Tenant globex = this.lifecycle.onboard(requested, null, "ops", "contract 88, schema cleaned up");

		assertThat(globex.status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(tablesOf("t_globex")).contains("projects", "labels");
		assertThat(this.parts.audit().events(GLOBEX)).extracting(AuditEvent::action, AuditEvent::detail)
			.containsExactly(tuple("ONBOARDING_STARTED", null),
					tuple("ONBOARDING_FAILED",
							this.parts.audit().events(GLOBEX).get(1).detail()),
					tuple("ONBOARDING_STARTED", "retried"),
					tuple("ONBOARDED", null));
	}

	@Test
	void onboardingIsRefusedForATenantAlreadyServedOrBeingOnboardedElsewhere() {
		this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null, "ops", "new");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED),
					null, "ops", "again"))
			.withMessageContaining("Tenant 'acme' is already in the catalog, ACTIVE");

		new JdbcTemplate(this.parts.owner()).execute("CREATE SCHEMA t_globex; CREATE TABLE t_globex.projects (id int)");
		assertThatExceptionOfType(TenantOnboardingException.class).isThrownBy(() -> this.lifecycle
			.onboard(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SCHEMA), null, "ops", "new"));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.lifecycle.onboard(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE,
					Placement.SCHEMA, "globex_data", null, null), null, "ops", "other schema"))
			.withMessageContaining("being onboarded as SCHEMA (schema 't_globex'), not as SCHEMA (schema "
					+ "'globex_data')");
		assertThat(this.parts.audit().events(ACME)).hasSize(2);
		assertThat(this.parts.audit().events(GLOBEX)).hasSize(2);
	}

	@Test
	void suspendingResumingAndOffboardingEachChangeTheStatusAndAreAuditedAndPublished() {
		this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null, "ops", "new");
		this.events.clear();

		assertThat(this.lifecycle.suspend(ACME, "billing", "invoice 4711 unpaid").status())
			.isEqualTo(TenantStatus.SUSPENDED);
		assertThat(this.lifecycle.resume(ACME, "billing", "invoice 4711 paid").status())
			.isEqualTo(TenantStatus.ACTIVE);
		assertThat(this.lifecycle.offboard(ACME, "ops@example.com", "contract ended").status())
			.isEqualTo(TenantStatus.OFFBOARDED);

		assertThat(this.parts.catalog().find(ACME)).get()
			.satisfies((acme) -> assertThat(acme.status()).isEqualTo(TenantStatus.OFFBOARDED));
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action, AuditEvent::actor)
			.endsWith(tuple("SUSPENDED", "billing"),
					tuple("RESUMED", "billing"),
					tuple("OFFBOARDED", "ops@example.com"));
		assertThat(this.events).extracting(TenantLifecycleEvent::action, TenantLifecycleEvent::from,
				TenantLifecycleEvent::to, TenantLifecycleEvent::reason)
			.containsExactly(
					tuple(Action.SUSPENDED, TenantStatus.ACTIVE,
							TenantStatus.SUSPENDED, "invoice 4711 unpaid"),
					tuple(Action.RESUMED, TenantStatus.SUSPENDED, TenantStatus.ACTIVE,
							"invoice 4711 paid"),
					tuple(Action.OFFBOARDED, TenantStatus.ACTIVE,
							TenantStatus.OFFBOARDED, "contract ended"));
		assertThat(this.parts.audit().verify().isIntact()).isTrue();
	}

	@Test
	void aChangeFromAStatusThatDoesNotAllowItIsRefusedAndChangesNothing() {
		this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null, "ops", "new");
		this.events.clear();

		assertThatIllegalStateException().isThrownBy(() -> this.lifecycle.resume(ACME, "ops", "why not"))
			.withMessage("Tenant 'acme' is ACTIVE; it can become ACTIVE only from [MIGRATING, SUSPENDED]");
		this.lifecycle.offboard(ACME, "ops", "contract ended");
		assertThatIllegalStateException().isThrownBy(() -> this.lifecycle.suspend(ACME, "ops", "unpaid"))
			.withMessage("Tenant 'acme' is OFFBOARDED; it can become SUSPENDED only from [ACTIVE]");
		assertThatIllegalStateException().isThrownBy(() -> this.lifecycle.offboard(ACME, "ops", "twice"))
			.withMessageContaining("Tenant 'acme' is OFFBOARDED; it can become OFFBOARDED only from");
		assertThatIllegalArgumentException().isThrownBy(() -> this.lifecycle.suspend(GLOBEX, "ops", "unpaid"))
			.withMessageContaining("'globex' is not in the catalog");

		assertThat(this.events).extracting(TenantLifecycleEvent::action).containsExactly(Action.OFFBOARDED);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("ONBOARDING_STARTED", "ONBOARDED", "OFFBOARDED");
		assertThat(this.parts.audit().events(GLOBEX)).isEmpty();
	}

	@Test
	void aChangeWhoseAuditEventCannotBeWrittenIsRolledBack() {
		this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null, "ops", "new");
		this.events.clear();

		// the audit trail refuses a reason this long, after the catalog has changed the status in the same transaction
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.lifecycle.suspend(ACME, "ops", "x".repeat(2001)))
			.withMessageContaining("at most 2000 characters");

		assertThat(this.parts.catalog().find(ACME)).get()
			.satisfies((acme) -> assertThat(acme.status()).isEqualTo(TenantStatus.ACTIVE));
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("ONBOARDING_STARTED", "ONBOARDED");
		assertThat(this.events).isEmpty();
	}

	@Test
	void everyChangeNeedsAnActorAndAReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.lifecycle.onboard(Tenant.active("acme"), null, " ", "new"))
			.withMessageContaining("only with an actor and a reason");
		assertThatIllegalArgumentException().isThrownBy(() -> this.lifecycle.suspend(ACME, "ops", ""))
			.withMessageContaining("only with an actor and a reason");
		assertThat(this.parts.catalog().find(ACME)).isEmpty();
	}

	@Test
	void ofTwoConcurrentSuspensionsOfOneTenantExactlyOneSucceeds() throws Exception {
		this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null, "ops", "new");
		int threads = 4;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		int succeeded = 0;
		int refused = 0;
		try {
			List<Callable<Tenant>> work = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String actor = "ops-" + i;
				work.add(() -> {
					start.await();
					return this.lifecycle.suspend(ACME, actor, "unpaid");
				});
			}
			List<Future<Tenant>> results = work.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<Tenant> result : results) {
				try {
					result.get();
					succeeded++;
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class)
						.hasMessageContaining("is SUSPENDED");
					refused++;
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(succeeded).isEqualTo(1);
		assertThat(refused).isEqualTo(threads - 1);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action).containsOnlyOnce("SUSPENDED");
	}

	@Test
	void anOffboardedSchemaTenantKeepsItsSchemaAndIsSkippedByMigrationRuns() {
		this.lifecycle.onboard(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SCHEMA), null, "ops",
				"new");
		this.lifecycle.offboard(GLOBEX, "ops", "contract ended");

		assertThat(tablesOf("t_globex")).contains("projects", "labels");
		TenantMigrationRun run = this.parts.migrator().migrateAll();
		assertThat(Stream.of(run.succeeded(), run.failed(), run.skipped()).flatMap(List::stream))
			.extracting(TenantMigrationOutcome::tenant)
			.doesNotContain("globex");
	}

	@Test
	void aCachingCatalogListeningToTheCatalogSeesAChangeAtOnce() {
		CachingTenantCatalog cached = new CachingTenantCatalog(this.parts.catalog(), Duration.ofMinutes(10), 100);
		this.parts.catalog().addChangeListener(cached::evict);
		this.lifecycle.onboard(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null, "ops", "new");
		assertThat(cached.find(ACME)).get().satisfies((acme) -> assertThat(acme.status().isServing()).isTrue());

		this.lifecycle.suspend(ACME, "billing", "unpaid");

		assertThat(cached.find(ACME)).get().satisfies((acme) -> assertThat(acme.status().isServing()).isFalse());
	}

	@Test
	void schemaAndDatabaseTenantsCannotBeOnboardedWithoutAMigrator() {
		TenantLifecycle sharedOnly = lifecycle(null);
		assertThatIllegalStateException()
			.isThrownBy(() -> sharedOnly.onboard(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SCHEMA),
					null, "ops", "new"))
			.withMessageContaining("no TenantMigrator is configured");
		assertThat(this.parts.catalog().find(GLOBEX)).isEmpty();
		assertThat(sharedOnly.onboard(Tenant.active("acme"), null, "ops", "new").status())
			.isEqualTo(TenantStatus.ACTIVE);
	}

	private TenantLifecycle lifecycle(@Nullable TenantMigrator migrator) {
		return this.parts.lifecycleWithoutMoves(migrator,
				(event) -> this.events.add((TenantLifecycleEvent) event));
	}

	private static List<String> tablesOf(String schema) {
		return new JdbcTemplate(db.adminDataSource()).queryForList(
				"select table_name from information_schema.tables where table_schema = ? order by 1", String.class,
				schema);
	}

}
