package dev.tenancy.jpa.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;


import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent;
import dev.tenancy.core.lifecycle.TenantLifecycleEvent.Action;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Tenants moved between SHARED and SCHEMA placement, and offboarded tenants' data purged, in a real database: the
 * shared tables in {@code public} and each SCHEMA tenant's tables from {@code classpath:db/tenant} (projects, tasks
 * with a foreign key to projects, labels). Every row checked as the superuser before and after; each failure shown
 * to leave every row in place.
 */
class TenantMoveIT {

	static final TenantId ACME = TenantId.of("acme");

	static final TenantId GLOBEX = TenantId.of("globex");

	static TenancyTestDatabase db;

	JdbcTemplate admin;

	final List<TenantLifecycleEvent> events = new CopyOnWriteArrayList<>();

	Consumer<TenantLifecycleEvent> listener = (event) -> {
	};

	LifecycleParts parts;

	TenantLifecycle lifecycle;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantMoveIT.class);
		TenancySchema.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void twoSharedTenantsWithRows() {
		ControlPlane.dropTenants(db);
		this.admin = new JdbcTemplate(db.adminDataSource());
		this.admin.execute("TRUNCATE public.projects, public.tasks, public.labels; DROP TABLE IF EXISTS public.notes");
		ControlPlane.emptyAuditTrail(db);
		this.admin.execute("""
				INSERT INTO public.projects (tenant_id, id, name, code) VALUES
				    ('acme', '00000000-0000-0000-0000-0000000000a1', 'Roadmap', 'RM'),
				    ('acme', '00000000-0000-0000-0000-0000000000a2', 'Hiring', NULL),
				    ('acme', '00000000-0000-0000-0000-0000000000a3', 'Ünïcode ✓ "quoted"', 'U'),
				    ('globex', '00000000-0000-0000-0000-0000000000b1', 'Globex plan', 'GP');
				INSERT INTO public.tasks (tenant_id, id, project_id, title, done) VALUES
				    ('acme', '00000000-0000-0000-0000-0000000001a1', '00000000-0000-0000-0000-0000000000a1', 'Write', false),
				    ('acme', '00000000-0000-0000-0000-0000000001a2', '00000000-0000-0000-0000-0000000000a1', 'Ship', true),
				    ('globex', '00000000-0000-0000-0000-0000000001b1', '00000000-0000-0000-0000-0000000000b1', 'Plan', false);
				INSERT INTO public.labels (tenant_id, id, name) VALUES
				    ('acme', '00000000-0000-0000-0000-0000000002a1', 'urgent')""");
		this.parts = LifecycleParts.of(db);
		this.lifecycle = this.parts.lifecycle((event) -> {
			TenantLifecycleEvent lifecycleEvent = (TenantLifecycleEvent) event;
			this.events.add(lifecycleEvent);
			this.listener.accept(lifecycleEvent);
		});
		this.parts.catalog().register(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null);
		this.parts.catalog().register(new Tenant(GLOBEX, "Globex", TenantStatus.ACTIVE, Placement.SHARED), null);
	}

	@Test
	void aSharedTenantMovedToItsOwnSchemaHasEveryRowThereAndNoneLeftInTheSharedTables() {
		List<String> acmeRows = rows("public", "acme");
		List<String> globexRows = rows("public", "globex");
		this.listener = (event) -> {
			if (event.action() == Action.MOVE_STARTED) {
				assertThat(this.parts.catalog().find(ACME).orElseThrow().status()).isEqualTo(TenantStatus.MIGRATING);
			}
		};

		Tenant moved = this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops@example.com", "enterprise plan");

		assertThat(moved).isEqualTo(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SCHEMA, "t_acme", null,
				null));
		assertThat(acmeRows).hasSize(6);
		assertThat(rows("t_acme", "acme")).isEqualTo(acmeRows);
		assertThat(rows("public", "acme")).isEmpty();
		assertThat(rows("public", "globex")).isEqualTo(globexRows);
		assertThat(this.parts.catalog().findState(ACME)).get()
			.satisfies((state) -> assertThat(state.isMigratedTo("2")).isTrue());
		assertThat(countAsRuntimeRole("t_acme", "acme", "tasks")).isEqualTo(2);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("MOVE_STARTED", "MOVED", "MOVE_SOURCE_DELETED");
		assertThat(this.parts.audit().events(ACME).get(1).detail())
			.isEqualTo("SHARED (schema 'public' of the primary database) -> SCHEMA (schema 't_acme' of the primary "
					+ "database), rows copied {labels=1, projects=3, tasks=2}");
		assertThat(this.events).extracting(TenantLifecycleEvent::action, TenantLifecycleEvent::to)
			.containsExactly(tuple(Action.MOVE_STARTED, TenantStatus.MIGRATING),
					tuple(Action.MOVED, TenantStatus.ACTIVE),
					tuple(Action.MOVE_SOURCE_DELETED, TenantStatus.ACTIVE));
		assertThat(this.parts.audit().verify().isIntact()).isTrue();
	}

	@Test
	void workStillRunningForAMovingTenantGetsNoConnection() {
		TenantAwareDataSource routed = new TenantAwareDataSource(db.appDataSource(), TenantConnectionMode.TRANSACTION,
				"app.tenant_id", this.parts::catalog, () -> null);
		List<Throwable> refused = new CopyOnWriteArrayList<>();
		this.listener = (event) -> {
			if (event.action() == Action.MOVE_STARTED) {
				TenantContext.where(ACME).run(() -> {
					try (Connection connection = routed.getConnection()) {
						refused.add(new AssertionError("a connection was handed out: " + connection));
					}
					catch (SQLException ex) {
						refused.add(ex);
					}
				});
			}
		};

		this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan");

		assertThat(refused).singleElement(THROWABLE)
			.isInstanceOf(SQLException.class)
			.hasMessage("Tenant 'acme' is being moved to another placement; no connection is handed out until the "
					+ "move completes");
		TenantContext.where(ACME).run(() -> assertThat(countThrough(routed)).isEqualTo(3));
	}

	@Test
	void aSchemaTenantMovedToTheSharedTablesKeepsItsStatusAndLeavesItsSchemaEmpty() {
		List<String> acmeRows = rows("public", "acme");
		this.lifecycle.move(ACME, Placement.SCHEMA, "acme_data", "ops", "enterprise plan");
		this.lifecycle.suspend(ACME, "billing", "unpaid");

		Tenant back = this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back to the standard plan");

		assertThat(back).isEqualTo(new Tenant(ACME, "Acme", TenantStatus.SUSPENDED, Placement.SHARED));
		assertThat(rows("public", "acme")).isEqualTo(acmeRows);
		assertThat(rows("acme_data", "acme")).isEmpty();
		assertThat(this.parts.catalog().findState(ACME)).isEmpty();
	}

	@Test
	void aMoveThatFailsBeforeTheSwitchLeavesTheTenantWhereItWasWithEveryRow() {
		List<String> acmeRows = rows("public", "acme");
		new JdbcTemplate(this.parts.owner()).execute("CREATE SCHEMA t_acme; CREATE TABLE t_acme.projects (id int)");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
			.withMessageContaining("Tenant 'acme' was not moved (SHARED (schema 'public' of the primary database) -> "
					+ "SCHEMA (schema 't_acme' of the primary database)): migrating SCHEMA (schema 't_acme' of the "
					+ "primary database) failed")
			.withMessageContaining("It is ACTIVE where it was, with every row")
			.satisfies((ex) -> assertThat(ex.isMoved()).isFalse());

		assertThat(this.parts.catalog().find(ACME)).contains(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED));
		assertThat(rows("public", "acme")).isEqualTo(acmeRows);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("MOVE_STARTED", "MOVE_FAILED");
	}

	@Test
	void aSharedTableWithoutCounterpartInTheTargetStopsTheCopyAndARetryAfterTheFixMoves() {
		List<String> acmeRows = rows("public", "acme");
		new JdbcTemplate(this.parts.owner()).execute("CREATE TABLE public.notes (tenant_id text NOT NULL, body text); "
				+ "INSERT INTO public.notes VALUES ('acme', 'keep me'), ('acme', 'me too')");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
			.withMessageContaining("Table 'notes' holds 2 rows of tenant 'acme' in schema 'public' of the primary database, but "
					+ "schema 't_acme' of the primary database has no such table; nothing was copied");
		assertThat(rows("public", "acme")).isEqualTo(acmeRows);
		assertThat(rows("t_acme", "acme")).isEmpty();
		assertThat(this.admin.queryForObject("select count(*) from public.notes", Long.class)).isEqualTo(2);
		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SHARED);

		this.admin.execute("DELETE FROM public.notes");
		this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan, notes moved by hand");
		assertThat(rows("t_acme", "acme")).isEqualTo(acmeRows);
	}

	@Test
	void aTargetTableNumberedFromASequenceStopsTheCopy() {
		this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan");
		this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back");
		new JdbcTemplate(this.parts.owner()).execute("ALTER TABLE t_acme.labels ADD COLUMN position bigint "
				+ "GENERATED BY DEFAULT AS IDENTITY");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan again"))
			.withMessageContaining("Table 'labels' of schema 't_acme' of the primary database numbers [position] "
					+ "from a sequence");
		assertThat(rows("public", "acme")).hasSize(6);
		assertThat(rows("t_acme", "acme")).isEmpty();
	}

	@Test
	void aCopyThatDiffersFromItsSourceIsRolledBack() {
		this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan");
		this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back");
		List<String> acmeRows = rows("public", "acme");
		// the target changes what it is given: the copy no longer matches its source
		new JdbcTemplate(this.parts.owner()).execute("""
				CREATE FUNCTION t_acme.shout() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;
				CREATE TRIGGER shout BEFORE INSERT ON t_acme.projects FOR EACH ROW EXECUTE FUNCTION t_acme.shout()""");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan again"))
			.withMessageContaining("The copy of table 'projects' differs from its source");

		assertThat(rows("public", "acme")).isEqualTo(acmeRows);
		assertThat(rows("t_acme", "acme")).isEmpty();
		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SHARED);
	}

	@Test
	void rowsWrittenAtTheOldPlaceAfterTheSwitchAreKeptNotDeleted() {
		// a stale instance, still serving acme from the shared tables, writes after the switch
		this.listener = (event) -> {
			if (event.action() == Action.MOVED) {
				this.admin.update("INSERT INTO public.labels (tenant_id, id, name) VALUES ('acme', "
						+ "'00000000-0000-0000-0000-0000000002a9', 'late')");
			}
		};

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
			.withMessageContaining("Tenant 'acme' was moved (SHARED (schema 'public' of the primary database) -> "
					+ "SCHEMA (schema 't_acme' of the primary database)) and is served from there, but its rows in "
					+ "SHARED (schema 'public' of the primary database) were kept")
			.withMessageContaining("Table 'labels' of schema 'public' of the primary database holds other rows of "
					+ "tenant 'acme' than were copied: [2, ")
			.satisfies((ex) -> assertThat(ex.isMoved()).isTrue());

		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SCHEMA);
		assertThat(rows("public", "acme")).hasSize(7);
		assertThat(rows("t_acme", "acme")).hasSize(6);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("MOVE_STARTED", "MOVED", "MOVE_SOURCE_KEPT");
	}

	@Test
	void aRowUpdatedAtTheOldPlaceAfterTheSwitchIsKeptNotDeleted() {
		this.listener = (event) -> {
			if (event.action() == Action.MOVED) {
				this.admin.update("UPDATE public.projects SET name = 'renamed late' WHERE tenant_id = 'acme' "
						+ "AND code = 'RM'");
			}
		};

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
			.withMessageContaining("Table 'projects' of schema 'public' of the primary database holds other rows of "
					+ "tenant 'acme' than were copied: [3, ")
			.satisfies((ex) -> assertThat(ex.isMoved()).isTrue());
		assertThat(rows("public", "acme")).hasSize(6).anyMatch((row) -> row.contains("renamed late"));
	}

	@Test
	void aListenerThatThrowsAfterTheSwitchDoesNotMakeTheMoveLookFailed() {
		List<String> acmeRows = rows("public", "acme");
		this.listener = (event) -> {
			if (event.action() == Action.MOVED) {
				throw new IllegalStateException("listener failed");
			}
		};

		assertThatIllegalStateException()
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
			.withMessage("listener failed");

		assertThat(this.parts.catalog().find(ACME).orElseThrow())
			.isEqualTo(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SCHEMA, "t_acme", null, null));
		assertThat(rows("t_acme", "acme")).isEqualTo(acmeRows);
		assertThat(rows("public", "acme")).isEqualTo(acmeRows);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("MOVE_STARTED", "MOVED");
	}

	@Test
	void aMoveThatFindsNoTenantTableInCommonIsRefused() {
		TenantLifecycle wrongColumn = new TenantLifecycle(this.parts.catalog(), this.parts.migrator(),
				this.parts.audit(), this.parts.owner(), (event) -> {
				}, new TenantLifecycle.Moves("app.tenant_id", "customer_id", "flyway_schema_history",
						Duration.ZERO));

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> wrongColumn.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
			.withMessageContaining("schema 'public' of the primary database and schema 't_acme' of the primary "
					+ "database have no tenant table (a table with column 'customer_id') in common; nothing was copied");
		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SHARED);
		assertThat(rows("public", "acme")).hasSize(6);
	}

	@Test
	void rowsOfTheTenantsSchemaWithoutTenantColumnStopAMoveOutOfIt() {
		this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan");
		new JdbcTemplate(this.parts.owner()).execute("CREATE TABLE t_acme.settings (name text, value text); "
				+ "INSERT INTO t_acme.settings VALUES ('theme', 'dark')");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back"))
			.withMessageContaining("Table 'settings' of schema 't_acme' of the primary database has no column 'tenant_id' and "
					+ "holds rows, which a move would leave behind");
		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SCHEMA);
		assertThat(rows("t_acme", "acme")).hasSize(6);
	}

	@Test
	void aTableWithoutTenantColumnThatReferencesATenantTableStopsTheCopy() {
		new JdbcTemplate(this.parts.owner()).execute("CREATE TABLE public.watchers (owner_tenant text NOT NULL, "
				+ "project_id uuid NOT NULL, watcher text NOT NULL, FOREIGN KEY (owner_tenant, project_id) "
				+ "REFERENCES public.projects (tenant_id, id) ON DELETE CASCADE)");
		try {
			assertThatExceptionOfType(TenantMoveException.class)
				.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "enterprise plan"))
				.withMessageContaining("without column 'tenant_id' reference tenant tables [watchers -> projects]");
			assertThat(rows("public", "acme")).hasSize(6);
			assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SHARED);
		}
		finally {
			this.admin.execute("DROP TABLE public.watchers");
		}
	}

	@Test
	void movesThatCannotBeMadeAreRefusedAndChangeNothing() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.DATABASE, null, "ops", "own database"))
			.withMessageContaining("A move to DATABASE placement names the server and the database");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "nothing to do"))
			.withMessageContaining("Tenant 'acme' already lives in SHARED");
		this.lifecycle.move(GLOBEX, Placement.SCHEMA, "shared_by_nobody", "ops", "enterprise plan");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, "shared_by_nobody", "ops", "same schema"))
			.withMessageContaining("SCHEMA (schema 'shared_by_nobody') belongs to tenant 'globex'");
		this.lifecycle.offboard(ACME, "ops", "contract ended");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "too late"))
			.withMessageContaining("Tenant 'acme' is OFFBOARDED");
		TenantLifecycle withoutMoves = this.parts.lifecycleWithoutMoves(this.parts.migrator(), (event) -> {
		});
		assertThatIllegalStateException()
			.isThrownBy(() -> withoutMoves.move(GLOBEX, Placement.SHARED, null, "ops", "back"))
			.withMessageContaining("created without moves and purges");

		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SHARED);
		assertThat(rows("public", "acme")).hasSize(6);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action).containsExactly("OFFBOARDED");
	}

	@Test
	void purgingAnOffboardedSharedTenantDeletesItsRowsAndNoOtherTenants() {
		List<String> globexRows = rows("public", "globex");
		this.lifecycle.offboard(ACME, "ops", "contract ended");

		Tenant purged = this.lifecycle.purge(ACME, "ops", "retention period over");

		assertThat(purged.status()).isEqualTo(TenantStatus.OFFBOARDED);
		assertThat(rows("public", "acme")).isEmpty();
		assertThat(rows("public", "globex")).isEqualTo(globexRows).isNotEmpty();
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action, AuditEvent::detail)
			.containsExactly(tuple("OFFBOARDED", null),
					tuple("PURGED", "schema 'public', rows deleted {tasks=2, projects=3, labels=1}"));
	}

	@Test
	void purgingAnOffboardedSchemaTenantDropsItsSchema() {
		this.lifecycle.move(GLOBEX, Placement.SCHEMA, null, "ops", "enterprise plan");
		this.lifecycle.offboard(GLOBEX, "ops", "contract ended");
		assertThat(rows("t_globex", "globex")).hasSize(2);

		this.lifecycle.purge(GLOBEX, "ops", "retention period over");

		assertThat(this.admin.queryForObject("select count(*) from pg_namespace where nspname = 't_globex'",
				Long.class)).isZero();
		assertThat(rows("public", "acme")).hasSize(6);
		assertThat(this.parts.audit().events(GLOBEX)).last()
			.satisfies((event) -> assertThat(event.detail()).isEqualTo("schema 't_globex' dropped"));
	}

	@Test
	void onlyAnOffboardedTenantIsPurged() {
		assertThatIllegalStateException().isThrownBy(() -> this.lifecycle.purge(ACME, "ops", "too early"))
			.withMessage("Tenant 'acme' is ACTIVE; only an OFFBOARDED tenant's data is purged: offboard it first");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.lifecycle.purge(TenantId.of("initech"), "ops", "typo"))
			.withMessageContaining("'initech' is not in the catalog");
		assertThat(rows("public", "acme")).hasSize(6);
		assertThat(this.parts.audit().events(ACME)).isEmpty();
	}

	/** Every row of the tenant in the three tables of a schema, as text, in a fixed order; read as the superuser. */
	private List<String> rows(String schema, String tenant) {
		if (this.admin.queryForObject("select count(*) from pg_namespace where nspname = ?", Long.class,
				schema) == 0) {
			return List.of();
		}
		return this.admin.queryForList("""
				select 'projects ' || p::text from %1$s.projects p where tenant_id = ?
				union all select 'tasks ' || t::text from %1$s.tasks t where tenant_id = ?
				union all select 'labels ' || l::text from %1$s.labels l where tenant_id = ?
				order by 1""".formatted('"' + schema + '"'), String.class, tenant, tenant, tenant);
	}

	/** Counts the tenant's projects through the tenant-aware data source, in a transaction. */
	private static long countThrough(TenantAwareDataSource routed) {
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(routed));
		return transaction.execute(
				(status) -> new JdbcTemplate(routed).queryForObject("select count(*) from projects", Long.class));
	}

	/** Counts rows as the runtime role would see them, the tenant and its schema set for the transaction. */
	private long countAsRuntimeRole(String schema, String tenant, String table) {
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(db.appDataSource()));
		JdbcTemplate app = new JdbcTemplate(db.appDataSource());
		return transaction.execute((status) -> {
			app.queryForList("select set_config('app.tenant_id', ?, true), set_config('search_path', ?, true)",
					tenant, '"' + schema + '"');
			return app.queryForObject("select count(*) from " + table, Long.class);
		});
	}

}
