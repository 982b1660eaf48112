package dev.tenancy.sample.project;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of a request that creates or renames a project.
 *
 * @param name the project's name
 * @param description what the project is about, kept encrypted with the tenant's data key; set when the project is
 * created, left as it is by a rename
 */
record ProjectRequest(@NotBlank @Size(max = 200) @StorableText @Nullable String name,
		@Size(max = 2000) @StorableText @Nullable String description) {

}
