/**
 * Assertions that a repository, or a set of data-access callbacks, keeps two tenants' rows apart on every
 * operation: {@link dev.tenancy.test.isolation.TenantIsolationAssertions}.
 */
@NullMarked
package dev.tenancy.test.isolation;

import org.jspecify.annotations.NullMarked;
