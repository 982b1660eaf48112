package dev.tenancy.benchmarks.app.api;

import java.util.UUID;

import org.springframework.data.domain.Page;

/**
 * What the endpoints need from a variant: the caller's projects, however the variant scopes them to a tenant.
 * Implementations are transactional.
 */
public interface ProjectOperations {

	/**
	 * Returns one project.
	 * @param id the project id
	 * @return the project
	 * @throws ProjectNotFoundException if the caller cannot see it
	 */
	ProjectResponse get(UUID id);

	/**
	 * Returns a page of projects ordered by id.
	 * @param page the page number
	 * @param size the page size
	 * @return the page
	 */
	Page<ProjectResponse> list(int page, int size);

	/**
	 * Creates a project.
	 * @param name its name
	 * @return the project
	 */
	ProjectResponse create(String name);

}
