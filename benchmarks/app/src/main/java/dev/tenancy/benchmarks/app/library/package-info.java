/**
 * The library variant: Hibernate's {@code @TenantId} and row-level security, tenants placed SHARED, SCHEMA or
 * DATABASE.
 */
@NullMarked
package dev.tenancy.benchmarks.app.library;

import org.jspecify.annotations.NullMarked;
