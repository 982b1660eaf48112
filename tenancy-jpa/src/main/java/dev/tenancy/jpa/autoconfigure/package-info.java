/**
 * Auto-configuration of the data layer: tenant-aware DataSource and placement routing, the Hibernate layer, the
 * RLS migration and start-up guard, the JDBC catalog, tenant migrations and DATABASE tenant pools.
 */
@NullMarked
package dev.tenancy.jpa.autoconfigure;

import org.jspecify.annotations.NullMarked;
