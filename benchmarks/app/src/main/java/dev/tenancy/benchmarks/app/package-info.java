/**
 * The application under load in the full-stack benchmarks.
 */
@NullMarked
package dev.tenancy.benchmarks.app;

import org.jspecify.annotations.NullMarked;
