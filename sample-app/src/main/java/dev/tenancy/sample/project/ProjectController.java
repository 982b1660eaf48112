package dev.tenancy.sample.project;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The projects of the caller's tenant, and the tasks of each project.
 * <p>
 * The tenant is never a parameter: the tenant filter has bound it from the access token before this
 * controller runs. An id of another tenant's project answers 404, exactly like an id that does not exist.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

	/** The largest page size a client may ask for. */
	static final int MAX_PAGE_SIZE = 100;

	/** The last page a client may ask for: the offset, page times size, must fit in an {@code int}. */
	static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PAGE_SIZE - 1;

	private final ProjectService service;

	ProjectController(ProjectService service) {
		this.service = service;
	}

	@GetMapping
	PagedModel<ProjectResponse> list(@RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		return new PagedModel<>(this.service.list(page, size));
	}

	@PostMapping
	ResponseEntity<ProjectResponse> create(@Valid @RequestBody ProjectRequest request) {
		ProjectResponse project = this.service.create(Objects.requireNonNull(request.name()), request.description());
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(project.id())
			.toUri();
		return ResponseEntity.created(location).body(project);
	}

	@GetMapping("/{id}")
	ProjectResponse get(@PathVariable UUID id) {
		return this.service.get(id);
	}

	@PutMapping("/{id}")
	ProjectResponse rename(@PathVariable UUID id, @Valid @RequestBody ProjectRequest request) {
		return this.service.rename(id, Objects.requireNonNull(request.name()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.service.delete(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/tasks")
	ResponseEntity<TaskResponse> addTask(@PathVariable UUID id, @Valid @RequestBody TaskRequest request) {
		TaskResponse task = this.service.addTask(id, Objects.requireNonNull(request.title()));
		return ResponseEntity.status(201).body(task);
	}

	@GetMapping("/{id}/tasks")
	List<TaskResponse> tasks(@PathVariable UUID id) {
		return this.service.tasks(id);
	}

}
