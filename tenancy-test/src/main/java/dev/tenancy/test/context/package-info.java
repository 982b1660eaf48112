/**
 * Binding a tenant for a test: {@link dev.tenancy.test.context.WithTenant @WithTenant} on a test method or class.
 */
@NullMarked
package dev.tenancy.test.context;

import org.jspecify.annotations.NullMarked;
