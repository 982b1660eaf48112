package dev.tenancy.sample.project;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when the caller's tenant has no project with the requested id, rendered as a 404 problem.
 * <p>
 * Another tenant's project is indistinguishable from a missing one on purpose: answering 403 would confirm
 * that the id exists.
 */
class ProjectNotFoundException extends ErrorResponseException {

	static final URI TYPE = URI.create("https://tenancy.dev/problems/sample/project-not-found");

	ProjectNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(UUID id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Project " + id + " does not exist.");
		problem.setType(TYPE);
		problem.setTitle("Project not found");
		return problem;
	}

}
