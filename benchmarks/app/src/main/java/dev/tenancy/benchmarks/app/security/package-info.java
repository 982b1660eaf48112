/**
 * Token checks, identical in every variant.
 */
@NullMarked
package dev.tenancy.benchmarks.app.security;

import org.jspecify.annotations.NullMarked;
