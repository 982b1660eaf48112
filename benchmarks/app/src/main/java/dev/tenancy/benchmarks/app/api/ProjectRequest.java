package dev.tenancy.benchmarks.app.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of a request that creates a project.
 *
 * @param name the project's name
 */
record ProjectRequest(@NotBlank @Size(max = 200) @Nullable String name) {

}
