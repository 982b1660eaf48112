package dev.tenancy.benchmarks.app.baseline;

import java.util.UUID;

import dev.tenancy.benchmarks.app.api.ProjectNotFoundException;
import dev.tenancy.benchmarks.app.api.ProjectOperations;
import dev.tenancy.benchmarks.app.api.ProjectResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects as a single-tenant application serves them: the token is checked, its tenant claim ignored.
 */
@Transactional
class BaselineProjects implements ProjectOperations {

	private final BaselineProjectRepository projects;

	BaselineProjects(BaselineProjectRepository projects) {
		this.projects = projects;
	}

	@Override
	@Transactional(readOnly = true)
	public ProjectResponse get(UUID id) {
		BaselineProject project = this.projects.findById(id).orElseThrow(() -> new ProjectNotFoundException(id));
		return ProjectResponse.of(project.getId(), project.getName());
	}

	@Override
	@Transactional(readOnly = true)
	public Page<ProjectResponse> list(int page, int size) {
		return this.projects.findPage(PageRequest.of(page, size, Sort.by("id")))
			.map((project) -> ProjectResponse.of(project.getId(), project.getName()));
	}

	@Override
	public ProjectResponse create(String name) {
		BaselineProject project = this.projects.saveAndFlush(new BaselineProject(name));
		return ProjectResponse.of(project.getId(), project.getName());
	}

}
