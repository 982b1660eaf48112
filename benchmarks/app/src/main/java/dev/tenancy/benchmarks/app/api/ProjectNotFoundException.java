package dev.tenancy.benchmarks.app.api;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A project that does not exist, or that the caller's tenant cannot see: 404 as problem+json.
 */
public class ProjectNotFoundException extends ErrorResponseException {

	public ProjectNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Project not found");
		getBody().setDetail("Project " + id + " does not exist.");
	}

}
