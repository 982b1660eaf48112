/**
 * Auto-configuration of the tenant-aware DataSource, the Hibernate layer, the RLS migration and the start-up guard.
 */
@NullMarked
package dev.tenancy.jpa.autoconfigure;

import org.jspecify.annotations.NullMarked;
