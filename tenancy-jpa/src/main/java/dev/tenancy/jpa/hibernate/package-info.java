/**
 * The Hibernate layer: the current tenant for @TenantId discriminator columns.
 */
@NullMarked
package dev.tenancy.jpa.hibernate;

import org.jspecify.annotations.NullMarked;
