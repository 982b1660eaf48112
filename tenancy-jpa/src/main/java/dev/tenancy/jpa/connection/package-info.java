/**
 * Tenant-aware JDBC connections: every connection carries the bound tenant to PostgreSQL as app.tenant_id, and
 * SESSION mode refuses to run where a transaction pooler shares sessions between connections.
 */
@NullMarked
package dev.tenancy.jpa.connection;

import org.jspecify.annotations.NullMarked;
