package dev.tenancy.sample.project;

import dev.tenancy.test.WithTenancyDatabase;
import dev.tenancy.test.context.WithTenant;
import dev.tenancy.test.isolation.TenantIsolationAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example to copy into an application's own tests: its repository, on a fresh PostgreSQL database, reached
 * as the restricted runtime role, with the application's own tenants and migrations.
 * <p>
 * acme keeps its rows in the shared tables ({@code SHARED}) and globex in its own schema ({@code SCHEMA}); the
 * isolation assertion does not need to know. initech ({@code DATABASE}) has no database of its own here, is
 * refused until migrated (the start-up log says so) and takes no part.
 */
// the sample's own bootstrap (which creates its database on first start) is not needed: the test gets its own
@SpringBootTest(properties = "sample.bootstrap.enabled=false")
@WithTenancyDatabase
@DirtiesContext
class ProjectRepositoryIsolationIT {

	@Autowired
	ProjectRepository projects;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void projectsNeverCrossBetweenTenants() {
		TenantIsolationAssertions.forRepository(this.projects, () -> new Project("Roadmap"))
			.between("acme", "globex")
			.updating((project) -> project.setName("Renamed by another tenant"), Project::getName)
			.verify();
	}

	@Test
	@Transactional
	@WithTenant("acme")
	void testTransactionBelongsToTheTenant() {
		// bound before the test's transaction began, so its connection carries acme to row-level security
		assertThat(this.jdbc.queryForObject("select current_setting('app.tenant_id', true)", String.class))
			.isEqualTo("acme");
		Project saved = this.projects.saveAndFlush(new Project("Roadmap"));
		assertThat(this.jdbc.queryForObject("select tenant_id from projects where id = ?", String.class, saved.getId()))
			.isEqualTo("acme");
		assertThat(this.projects.findAll()).extracting(Project::getName).containsExactly("Roadmap");
		// rolled back when the test ends
	}

}
