package dev.tenancy.sample.project;

import java.util.List;

import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations across all tasks of the caller's tenant.
 */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

	private final ProjectService service;

	TaskController(ProjectService service) {
		this.service = service;
	}

	/**
	 * Finds tasks whose title contains the text, case-sensitively.
	 * <p>
	 * Under row-level security PostgreSQL cannot use an index for {@code LIKE} ahead of the policy, which is not
	 * leakproof; the tenant predicate stays the index condition and the match is a filter on its rows.
	 */
	@GetMapping("/search")
	List<TaskResponse> search(@RequestParam @Size(max = 200) @StorableText String q) {
		return this.service.search(q);
	}

	@PostMapping("/complete-all")
	CompletedTasks completeAll() {
		return this.service.completeAll();
	}

}
