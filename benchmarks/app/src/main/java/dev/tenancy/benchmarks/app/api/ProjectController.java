package dev.tenancy.benchmarks.app.api;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The three endpoints under load, the same as the sample application's: {@code GET /api/projects/{id}},
 * {@code GET /api/projects?page=&size=} and {@code POST /api/projects}.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

	private final ProjectOperations projects;

	ProjectController(ProjectOperations projects) {
		this.projects = projects;
	}

	@GetMapping
	PagedModel<ProjectResponse> list(@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return new PagedModel<>(this.projects.list(page, size));
	}

	@PostMapping
	ResponseEntity<ProjectResponse> create(@Valid @RequestBody ProjectRequest request) {
		ProjectResponse project = this.projects.create(Objects.requireNonNull(request.name()));
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(project.id())
			.toUri();
		return ResponseEntity.created(location).body(project);
	}

	@GetMapping("/{id}")
	ProjectResponse get(@PathVariable UUID id) {
		return this.projects.get(id);
	}

}
