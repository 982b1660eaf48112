package dev.tenancy.benchmarks.app.api;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A project as the API shows it, in every variant: no tenant id.
 *
 * @param id the project id
 * @param name the project name
 */
public record ProjectResponse(UUID id, String name) {

	/**
	 * Maps an entity's fields, which must have been flushed.
	 * @param id the entity's id
	 * @param name the entity's name
	 * @return the response
	 */
	public static ProjectResponse of(@Nullable UUID id, String name) {
		if (id == null) {
			throw new IllegalStateException("entity has no id yet; flush before mapping it");
		}
		return new ProjectResponse(id, name);
	}

}
