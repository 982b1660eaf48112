/**
 * Per-tenant Flyway migrations for {@code SCHEMA} and {@code DATABASE} tenants: the orchestrator, the recorded
 * migration state per tenant, and the readiness check that refuses tenants whose schema is behind.
 */
@NullMarked
package dev.tenancy.jpa.migration;

import org.jspecify.annotations.NullMarked;
