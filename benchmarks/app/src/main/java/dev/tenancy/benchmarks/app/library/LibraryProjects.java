package dev.tenancy.benchmarks.app.library;

import java.util.UUID;

import dev.tenancy.benchmarks.app.api.ProjectNotFoundException;
import dev.tenancy.benchmarks.app.api.ProjectOperations;
import dev.tenancy.benchmarks.app.api.ProjectResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects with the library: no tenant anywhere in this code; the library binds it, Hibernate filters by it, and
 * row-level security checks it again, wherever the tenant is placed.
 */
@Transactional
class LibraryProjects implements ProjectOperations {

	private final ProjectRepository projects;

	LibraryProjects(ProjectRepository projects) {
		this.projects = projects;
	}

	@Override
	@Transactional(readOnly = true)
	public ProjectResponse get(UUID id) {
		Project project = this.projects.findById(id).orElseThrow(() -> new ProjectNotFoundException(id));
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
		Project project = this.projects.saveAndFlush(new Project(name));
		return ProjectResponse.of(project.getId(), project.getName());
	}

}
