package dev.tenancy.sample.project;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of a request that adds a task to a project.
 *
 * @param title the task's title
 */
record TaskRequest(@NotBlank @Size(max = 500) @StorableText @Nullable String title) {

}
