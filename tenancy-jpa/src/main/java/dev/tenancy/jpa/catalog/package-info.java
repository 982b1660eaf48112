/**
 * The JDBC tenant catalog: tenants, their placement and migration state in the control-plane table
 * {@code tenancy.tenants} of the primary database.
 */
@NullMarked
package dev.tenancy.jpa.catalog;

import org.jspecify.annotations.NullMarked;
