package dev.tenancy.sample.project;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A project as the API shows it: no tenant id, the caller's tenant is implied.
 *
 * @param id the project id
 * @param name the project name
 * @param description what the project is about, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ProjectResponse(UUID id, String name, @Nullable String description) {

	static ProjectResponse of(Project project) {
		return new ProjectResponse(idOf(project.getId()), project.getName(), project.getDescription());
	}

	static UUID idOf(@Nullable UUID id) {
		if (id == null) {
			throw new IllegalStateException("entity has no id yet; flush before mapping it");
		}
		return id;
	}

}
