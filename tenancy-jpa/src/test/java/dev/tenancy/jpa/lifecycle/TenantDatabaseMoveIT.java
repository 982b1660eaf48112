package dev.tenancy.jpa.lifecycle;

import java.util.List;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.jpa.migration.TestTenantDatabases;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tenants moved between the shared tables or their own schema of the primary database and a database of their own:
 * every row compared, as the superuser, in both databases before and after; the copy in the tenant's database
 * deleted again when the catalog cannot be switched to it.
 */
class TenantDatabaseMoveIT {

	static final TenantId ACME = TenantId.of("acme");

	static TenancyTestDatabase db;

	static TestTenantDatabases databases;

	JdbcTemplate admin;

	LifecycleParts parts;

	TenantLifecycle lifecycle;

	String acmeDatabase;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantDatabaseMoveIT.class);
		TenancySchema.migrate(db);
		databases = new TestTenantDatabases();
	}

	@AfterAll
	static void dropDatabases() {
		databases.close();
		db.close();
	}

	@BeforeEach
	void aSharedTenantWithRows() {
		ControlPlane.dropTenants(db);
		ControlPlane.emptyAuditTrail(db);
		this.admin = new JdbcTemplate(db.adminDataSource());
		this.admin.execute("TRUNCATE public.projects, public.tasks, public.labels");
		this.admin.execute("""
				INSERT INTO public.projects (tenant_id, id, name, code) VALUES
				    ('acme', '00000000-0000-0000-0000-0000000000a1', 'Roadmap', 'RM'),
				    ('acme', '00000000-0000-0000-0000-0000000000a2', 'Ünïcode ✓ "quoted"', NULL),
				    ('globex', '00000000-0000-0000-0000-0000000000b1', 'Globex plan', 'GP');
				INSERT INTO public.tasks (tenant_id, id, project_id, title, done) VALUES
				    ('acme', '00000000-0000-0000-0000-0000000001a1', '00000000-0000-0000-0000-0000000000a1', 'Ship', true);
				INSERT INTO public.labels (tenant_id, id, name) VALUES
				    ('acme', '00000000-0000-0000-0000-0000000002a1', 'urgent')""");
		this.acmeDatabase = databases.create("acme");
		this.parts = LifecycleParts.of(db, databases);
		this.lifecycle = this.parts.lifecycle((event) -> {
		});
		this.parts.catalog().register(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED), null);
	}

	@AfterEach
	void dropTheTriggerOfTheSwitchTest() {
		this.admin.execute("DROP TRIGGER IF EXISTS no_database ON tenancy.tenants; "
				+ "DROP FUNCTION IF EXISTS tenancy.no_database()");
	}

	@Test
	void aSharedTenantMovedToItsOwnDatabaseAndBackHasEveryRowWhereTheCatalogSays() {
		List<String> acmeRows = rows(this.admin, "public");
		List<String> otherRows = this.admin.queryForList("select name from public.projects where tenant_id <> 'acme'",
				String.class);

		Tenant moved = this.lifecycle.move(databaseTenant(), "ops", "dedicated database");

		assertThat(moved).isEqualTo(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.DATABASE, null, "primary",
				this.acmeDatabase));
		assertThat(acmeRows).hasSize(4);
		assertThat(rows(tenantAdmin(), "public")).isEqualTo(acmeRows);
		assertThat(rows(this.admin, "public")).isEmpty();
		assertThat(this.admin.queryForList("select name from public.projects where tenant_id <> 'acme'",
				String.class)).isEqualTo(otherRows);
		assertThat(countInTenantDatabaseAsRuntimeRole()).isEqualTo(2);
		assertThat(this.parts.audit().events(ACME)).extracting(AuditEvent::action)
			.containsExactly("MOVE_STARTED", "MOVED", "MOVE_SOURCE_DELETED");

		Tenant back = this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back to the standard plan");

		assertThat(back).isEqualTo(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.SHARED));
		assertThat(rows(this.admin, "public")).isEqualTo(acmeRows);
		assertThat(rows(tenantAdmin(), "public")).isEmpty();
		assertThat(this.parts.audit().verify().isIntact()).isTrue();
	}

	@Test
	void aTenantMovesFromItsOwnDatabaseIntoItsOwnSchema() {
		List<String> acmeRows = rows(this.admin, "public");
		this.lifecycle.move(databaseTenant(), "ops", "dedicated database");

		this.lifecycle.move(ACME, Placement.SCHEMA, null, "ops", "schema after all");

		assertThat(rows(this.admin, "t_acme")).isEqualTo(acmeRows);
		assertThat(rows(tenantAdmin(), "public")).isEmpty();
		assertThat(this.parts.catalog().find(ACME).orElseThrow().schema()).isEqualTo("t_acme");
	}

	@Test
	void aMoveToADatabaseThatDoesNotExistLeavesEveryRowWhereItWas() {
		List<String> acmeRows = rows(this.admin, "public");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.DATABASE,
					null, null, "tenancy_it_db_missing"), "ops", "dedicated database"))
			.withMessageContaining("Tenant 'acme' was not moved to DATABASE: where it lives or where it would go "
					+ "cannot be reached")
			.withMessageContaining("Nothing was changed");

		assertThat(this.parts.catalog().find(ACME)).contains(new Tenant(ACME, "Acme", TenantStatus.ACTIVE,
				Placement.SHARED));
		assertThat(rows(this.admin, "public")).isEqualTo(acmeRows);
		assertThat(this.parts.audit().events(ACME)).isEmpty();
	}

	@Test
	void aCopyTheCatalogCannotBeSwitchedToIsDeletedAgainAndARetryMoves() {
		List<String> acmeRows = rows(this.admin, "public");
		this.admin.execute("""
				CREATE FUNCTION tenancy.no_database() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.placement = 'DATABASE' THEN RAISE EXCEPTION 'no databases today'; END IF;
				    RETURN NEW;
				END $$;
				CREATE TRIGGER no_database BEFORE UPDATE ON tenancy.tenants
				    FOR EACH ROW EXECUTE FUNCTION tenancy.no_database()""");

		assertThatExceptionOfType(TenantMoveException.class)
			.isThrownBy(() -> this.lifecycle.move(databaseTenant(), "ops", "dedicated database"))
			.withMessageContaining("no databases today")
			.satisfies((ex) -> assertThat(ex.isMoved()).isFalse());

		assertThat(rows(tenantAdmin(), "public")).isEmpty();
		assertThat(rows(this.admin, "public")).isEqualTo(acmeRows);
		assertThat(this.parts.catalog().find(ACME).orElseThrow().placement()).isEqualTo(Placement.SHARED);

		dropTheTriggerOfTheSwitchTest();
		this.lifecycle.move(databaseTenant(), "ops", "dedicated database, second try");
		assertThat(rows(tenantAdmin(), "public")).isEqualTo(acmeRows);
		assertThat(rows(this.admin, "public")).isEmpty();
	}

	@Test
	void purgingAnOffboardedDatabaseTenantDeletesItsRowsInItsDatabase() {
		this.lifecycle.move(databaseTenant(), "ops", "dedicated database");
		this.lifecycle.offboard(ACME, "ops", "contract ended");
		assertThat(rows(tenantAdmin(), "public")).hasSize(4);

		this.lifecycle.purge(ACME, "ops", "retention period over");

		assertThat(rows(tenantAdmin(), "public")).isEmpty();
		assertThat(this.parts.audit().events(ACME)).last()
			.satisfies((event) -> assertThat(event.detail()).isEqualTo("schema 'public' of database '"
					+ this.acmeDatabase + "' on server 'primary', rows deleted {tasks=1, projects=2, labels=1}"));
	}

	@Test
	void valuesOfManyTypesCrossBetweenDatabasesUnchanged() {
		this.lifecycle.move(databaseTenant(), "ops", "dedicated database");
		String table = """
				CREATE TABLE public.readings (
				    tenant_id text NOT NULL, id uuid NOT NULL, at timestamptz, day date, span interval, ratio float8,
				    tiny float4, amount numeric(12, 4), price money, raw bytea, doc jsonb, loose json, tags text[],
				    note text, flags bit(4), PRIMARY KEY (tenant_id, id));
				SELECT tenancy.enable_tenant_isolation('readings');""";
		new JdbcTemplate(this.parts.owner()).execute(table);
		JdbcTemplate tenantOwner = new JdbcTemplate(databases.ownerDataSource(
				this.parts.catalog().find(ACME).orElseThrow()));
		tenantOwner.execute(table);
		tenantAdmin().execute("""
				BEGIN;
				SET LOCAL timezone = 'Pacific/Chatham';
				INSERT INTO public.readings VALUES
				  ('acme', gen_random_uuid(), '2026-12-07 18:30:15.123456+13:45', '0044-03-15 BC', '1 year 2 mons 3 days 04:05:06.7',
				   'NaN', '-Infinity', 12345678.1234, 12.34, '\\x00ff10', '{"b": [1, 2.50], "a": null}', '{ "a" :  1 }',
				   '{"x,y", NULL, "NULL", "q\\"uote", "back\\\\slash"}', E'line\\nbreak\\ttab '' quote', B'1010'),
				  ('acme', gen_random_uuid(), 'infinity', NULL, '-3 days', 5e-324, 3.4028235e38, -0.0001, -1.00, '\\x', '[]',
				   'null', '{}', '', NULL);
				COMMIT""");
		// the tenant's database writes values as text otherwise than the primary one: the move must not care
		tenantAdmin().execute("ALTER DATABASE \"" + this.acmeDatabase + "\" SET timezone = 'Pacific/Chatham'; "
				+ "ALTER DATABASE \"" + this.acmeDatabase + "\" SET datestyle = 'SQL, DMY'; "
				+ "ALTER DATABASE \"" + this.acmeDatabase + "\" SET intervalstyle = 'sql_standard'; "
				+ "ALTER DATABASE \"" + this.acmeDatabase + "\" SET extra_float_digits = 0");
		String before = readings(databases.adminDataSource(this.acmeDatabase));

		this.lifecycle.move(ACME, Placement.SHARED, null, "ops", "back to the shared tables");

		assertThat(before).contains("NaN", "-Infinity", "line", "back");
		assertThat(readings(db.adminDataSource())).isEqualTo(before);
		assertThat(tenantAdmin().queryForObject("select count(*) from public.readings", Long.class)).isZero();
		this.admin.execute("DROP TABLE public.readings");
	}

	@Test
	void aTenantMovesFromItsDatabaseToAnotherDatabase() {
		List<String> acmeRows = rows(this.admin, "public");
		this.lifecycle.move(databaseTenant(), "ops", "dedicated database");
		String second = databases.create("acme2");

		this.lifecycle.move(new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.DATABASE, null, null, second),
				"ops", "bigger server");

		assertThat(rows(new JdbcTemplate(databases.adminDataSource(second)), "public")).isEqualTo(acmeRows);
		assertThat(rows(tenantAdmin(), "public")).isEmpty();
		assertThat(this.parts.catalog().find(ACME).orElseThrow().database()).isEqualTo(second);
	}

	private Tenant databaseTenant() {
		return new Tenant(ACME, "Acme", TenantStatus.ACTIVE, Placement.DATABASE, null, null, this.acmeDatabase);
	}

	private JdbcTemplate tenantAdmin() {
		return new JdbcTemplate(databases.adminDataSource(this.acmeDatabase));
	}

	/** Every row of acme in the three tables of a schema, as text, in a fixed order, with fixed output formats. */
	private static List<String> rows(JdbcTemplate admin, String schema) {
		if (admin.queryForObject("select count(*) from information_schema.tables where table_schema = ? "
				+ "and table_name = 'projects'", Long.class, schema) == 0) {
			return List.of();
		}
		return admin.queryForList("""
				select 'projects ' || p::text from %1$s.projects p where tenant_id = 'acme'
				union all select 'tasks ' || t::text from %1$s.tasks t where tenant_id = 'acme'
				union all select 'labels ' || l::text from %1$s.labels l where tenant_id = 'acme'
				order by 1""".formatted('"' + schema + '"'), String.class);
	}

	/** Acme's readings as text, written in fixed formats whatever the database's defaults. */
	private static String readings(DataSource admin) {
		JdbcTemplate jdbc = new JdbcTemplate(admin);
		return new TransactionTemplate(new DataSourceTransactionManager(admin)).execute((status) -> {
			jdbc.execute("SET LOCAL timezone = 'UTC'; SET LOCAL datestyle = 'ISO, YMD'; "
					+ "SET LOCAL intervalstyle = 'postgres'; SET LOCAL extra_float_digits = 1");
			return jdbc.queryForObject("select string_agg(r::text, ' | ' order by r::text) from public.readings r "
					+ "where tenant_id = 'acme'", String.class);
		});
	}

	/** Counts acme's projects in its database as the runtime role, with the tenant set for the transaction. */
	private long countInTenantDatabaseAsRuntimeRole() {
		Tenant acme = this.parts.catalog().find(ACME).orElseThrow();
		var app = databases.runtimeDataSource(acme);
		JdbcTemplate jdbc = new JdbcTemplate(app);
		return new TransactionTemplate(new DataSourceTransactionManager(app)).execute((status) -> {
			jdbc.queryForObject("select set_config('app.tenant_id', 'acme', true)", String.class);
			return jdbc.queryForObject("select count(*) from projects", Long.class);
		});
	}

}
