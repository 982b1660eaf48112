package dev.tenancy.sample.project;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A project as the API shows it: no tenant id, the caller's tenant is implied.
 *
 * @param id the project id
 * @param name the project name
 */
record ProjectResponse(UUID id, String name) {

	static ProjectResponse of(Project project) {
		return new ProjectResponse(idOf(project.getId()), project.getName());
	}

	static UUID idOf(@Nullable UUID id) {
		if (id == null) {
			throw new IllegalStateException("entity has no id yet; flush before mapping it");
		}
		return id;
	}

}
