/**
 * The HTTP API under load, shared by every variant.
 */
@NullMarked
package dev.tenancy.benchmarks.app.api;

import org.jspecify.annotations.NullMarked;
