/**
 * The baseline variant: the same application with no tenancy, serving one tenant's data.
 */
@NullMarked
package dev.tenancy.benchmarks.app.baseline;

import org.jspecify.annotations.NullMarked;
