package dev.tenancy.jpa.rls;

import dev.tenancy.jpa.it.TenancySchema;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RlsStartupGuardIT {

	static TenancyTestDatabase db;

	@BeforeAll
	static void migrate() {
		db = TenancyTestDatabase.create(RlsStartupGuardIT.class);
		TenancySchema.migrate(db);
	}

	@AfterAll
	static void drop() {
		db.close();
	}

	@AfterEach
	void dropExtraTables() {
		db.executeAsAdmin("drop table if exists invoices; drop table if exists notes;");
	}

	@Test
	void passesForTheRestrictedRoleOnAProperlyMigratedSchema() {
		RlsStartupGuard.Findings findings = new RlsStartupGuard(db.appDataSource(), "tenant_id", GuardMode.FAIL).check();
		assertThat(findings.violations()).isEmpty();
		assertThat(findings.warnings()).isEmpty();
	}

	@Test
	void refusesASuperuser() {
		assertThatExceptionOfType(RlsGuardException.class)
			.isThrownBy(() -> new RlsStartupGuard(db.adminDataSource(), "tenant_id", GuardMode.FAIL).check())
			.withMessageContaining("is a superuser")
			.withMessageContaining("tenancy.rls.guard=WARN");
	}

	@Test
	void refusesTheOwnerOfTenantTables() {
		assertThatExceptionOfType(RlsGuardException.class)
			.isThrownBy(() -> new RlsStartupGuard(db.ownerDataSource(), "tenant_id", GuardMode.FAIL).check())
			.withMessageContaining("owns table projects")
			.withMessageContaining("owns table tasks");
	}

	@Test
	void refusesABypassRlsRole() {
		db.executeAsAdmin("do $$ begin create role tenancy_guard_bypass login bypassrls password 'x'; "
				+ "exception when duplicate_object then null; end $$; grant connect on database " + db.name()
				+ " to tenancy_guard_bypass");
		try (var pool = new com.zaxxer.hikari.HikariDataSource()) {
			pool.setJdbcUrl(db.jdbcUrl());
			pool.setUsername("tenancy_guard_bypass");
			pool.setPassword("x");
			assertThatExceptionOfType(RlsGuardException.class)
				.isThrownBy(() -> new RlsStartupGuard(pool, "tenant_id", GuardMode.FAIL).check())
				.withMessageContaining("has BYPASSRLS");
		}
	}

	@Test
	void namesEachTableWithoutEnabledForcedRlsAndAPolicyAndEachDangerousGrant() {
		db.executeAsAdmin("create table invoices (tenant_id text not null, id uuid primary key, number text unique); "
				+ "alter table invoices owner to " + TenancyTestDatabase.OWNER_ROLE + "; "
				+ "grant select, truncate, references on invoices to " + TenancyTestDatabase.APP_ROLE);
		assertThatExceptionOfType(RlsGuardException.class)
			.isThrownBy(() -> new RlsStartupGuard(db.appDataSource(), "tenant_id", GuardMode.FAIL).check())
			.withMessageContaining("table invoices does not have row-level security enabled")
			.withMessageContaining("table invoices does not FORCE row-level security")
			.withMessageContaining("table invoices has no row-level security policy")
			.withMessageContaining("may TRUNCATE table invoices")
			.withMessageContaining("REFERENCES on table invoices")
			.withMessageNotContaining("table projects");
	}

	@Test
	void enabledButNotForcedIsStillAViolation() {
		db.executeAsAdmin("create table notes (tenant_id text not null, id uuid, primary key (tenant_id, id)); "
				+ "alter table notes enable row level security; "
				+ "create policy p on notes using (tenant_id = current_setting('app.tenant_id', true))");
		assertThatExceptionOfType(RlsGuardException.class)
			.isThrownBy(() -> new RlsStartupGuard(db.appDataSource(), "tenant_id", GuardMode.FAIL).check())
			.withMessageContaining("table notes does not FORCE row-level security")
			.withMessageNotContaining("notes has no row-level security policy");
	}

	@Test
	void warnsAboutKeysAndForeignKeysWithoutTheTenantColumn() {
		db.executeAsAdmin("create table invoices (tenant_id text not null, id uuid primary key, number text unique, "
				+ "project_id uuid); select tenancy.enable_tenant_isolation('invoices'); "
				+ "alter table invoices add constraint invoices_project_fk foreign key (project_id) "
				+ "references invoices (id)");
		RlsStartupGuard.Findings findings = new RlsStartupGuard(db.appDataSource(), "tenant_id", GuardMode.FAIL).check();
		assertThat(findings.violations()).isEmpty();
		assertThat(findings.warnings()).anySatisfy((w) -> assertThat(w).contains("primary key invoices_pkey"))
			.anySatisfy((w) -> assertThat(w).contains("unique constraint invoices_number_key"))
			.anySatisfy((w) -> assertThat(w).contains("foreign key invoices_project_fk").contains("make it composite"));
	}

	@Test
	void warnModeReportsButDoesNotThrow() {
		RlsStartupGuard.Findings findings = new RlsStartupGuard(db.adminDataSource(), "tenant_id", GuardMode.WARN).check();
		assertThat(findings.violations()).anySatisfy((v) -> assertThat(v).contains("superuser"));
	}

	@Test
	void offModeChecksNothing() {
		assertThat(new RlsStartupGuard(db.adminDataSource(), "tenant_id", GuardMode.OFF).check().violations()).isEmpty();
	}

}
