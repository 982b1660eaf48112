/**
 * Per-tenant request rate limits, so that one tenant's traffic cannot crowd out the others'.
 */
@NullMarked
package dev.tenancy.core.ratelimit;

import org.jspecify.annotations.NullMarked;
