package dev.tenancy.benchmarks.app.handwritten;

import java.util.UUID;

import dev.tenancy.benchmarks.app.api.ProjectNotFoundException;
import dev.tenancy.benchmarks.app.api.ProjectOperations;
import dev.tenancy.benchmarks.app.api.ProjectResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects scoped the do-it-yourself way: the tenant the filter took from the token is passed to every query and
 * set on every new row. No row-level security behind it.
 */
@Transactional
class HandWrittenProjects implements ProjectOperations {

	private final HandWrittenProjectRepository projects;

	HandWrittenProjects(HandWrittenProjectRepository projects) {
		this.projects = projects;
	}

	@Override
	@Transactional(readOnly = true)
	public ProjectResponse get(UUID id) {
		HandWrittenProject project = this.projects.findForTenant(CurrentTenant.require(), id)
			.orElseThrow(() -> new ProjectNotFoundException(id));
		return ProjectResponse.of(project.getId(), project.getName());
	}

	@Override
	@Transactional(readOnly = true)
	public Page<ProjectResponse> list(int page, int size) {
		return this.projects.findAllForTenant(CurrentTenant.require(), PageRequest.of(page, size, Sort.by("id")))
			.map((project) -> ProjectResponse.of(project.getId(), project.getName()));
	}

	@Override
	public ProjectResponse create(String name) {
		HandWrittenProject project = this.projects.saveAndFlush(new HandWrittenProject(CurrentTenant.require(), name));
		return ProjectResponse.of(project.getId(), project.getName());
	}

}
