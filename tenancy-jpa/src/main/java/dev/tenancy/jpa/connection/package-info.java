/**
 * Tenant-aware JDBC connections: every connection carries the bound tenant to PostgreSQL as app.tenant_id.
 */
@NullMarked
package dev.tenancy.jpa.connection;

import org.jspecify.annotations.NullMarked;
