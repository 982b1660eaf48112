package dev.tenancy.sample.project;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes projects and tasks of the tenant bound to the current thread.
 * <p>
 * Every method is transactional, and must be: in the library's default {@code TRANSACTION} connection mode the
 * tenant reaches PostgreSQL (as {@code app.tenant_id}, which row-level security reads) only inside a
 * transaction. Results are mapped to responses before the transaction ends, since no session stays open
 * for the view.
 */
@Service
@Transactional
class ProjectService {

	private final ProjectRepository projects;

	private final TaskRepository tasks;

	ProjectService(ProjectRepository projects, TaskRepository tasks) {
		this.projects = projects;
		this.tasks = tasks;
	}

	@Transactional(readOnly = true)
	Page<ProjectResponse> list(int page, int size) {
		// UUIDv7 ids sort in creation order
		return this.projects.findAll(PageRequest.of(page, size, Sort.by("id"))).map(ProjectResponse::of);
	}

	ProjectResponse create(String name, @Nullable String description) {
		return ProjectResponse.of(this.projects.saveAndFlush(new Project(name, description)));
	}

	@Transactional(readOnly = true)
	ProjectResponse get(UUID id) {
		return ProjectResponse.of(find(id));
	}

	ProjectResponse rename(UUID id, String name) {
		Project project = find(id);
		project.setName(name);
		return ProjectResponse.of(project);
	}

	void delete(UUID id) {
		// the database's ON DELETE CASCADE removes the project's tasks
		this.projects.delete(find(id));
	}

	TaskResponse addTask(UUID projectId, String title) {
		return TaskResponse.of(this.tasks.saveAndFlush(new Task(find(projectId), title)));
	}

	@Transactional(readOnly = true)
	List<TaskResponse> tasks(UUID projectId) {
		find(projectId);
		return this.tasks.findByProjectIdOrderById(projectId).stream().map(TaskResponse::of).toList();
	}

	@Transactional(readOnly = true)
	List<TaskResponse> search(String text) {
		return this.tasks.searchByTitleNatively("%" + escapeLike(text) + "%").stream().map(TaskResponse::of).toList();
	}

	CompletedTasks completeAll() {
		return new CompletedTasks(this.tasks.completeAll());
	}

	private Project find(UUID id) {
		// another tenant's project is filtered out by Hibernate and by row-level security alike: not found
		return this.projects.findById(id).orElseThrow(() -> new ProjectNotFoundException(id));
	}

	/** Makes the caller's text match literally: {@code %} and {@code _} are LIKE wildcards. */
	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
