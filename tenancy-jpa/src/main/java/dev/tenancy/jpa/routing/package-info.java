/**
 * Placement routing: which database, pool and schema serve a tenant, by its catalog entry.
 */
@NullMarked
package dev.tenancy.jpa.routing;

import org.jspecify.annotations.NullMarked;
