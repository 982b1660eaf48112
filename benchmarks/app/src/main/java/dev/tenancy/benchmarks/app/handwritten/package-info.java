/**
 * The hand-written variant: the usual do-it-yourself {@code WHERE tenant_id = ?}, without row-level security.
 */
@NullMarked
package dev.tenancy.benchmarks.app.handwritten;

import org.jspecify.annotations.NullMarked;
