/**
 * Per-tenant counts read with plain JDBC, scoped by row-level security alone.
 */
@NullMarked
package dev.tenancy.sample.stats;

import org.jspecify.annotations.NullMarked;
