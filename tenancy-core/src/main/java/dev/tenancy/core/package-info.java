/**
 * The tenant model every module shares: {@link dev.tenancy.core.TenantId}, {@link dev.tenancy.core.Tenant},
 * its status and its placement.
 */
@NullMarked
package dev.tenancy.core;

import org.jspecify.annotations.NullMarked;
