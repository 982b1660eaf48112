/**
 * Where access to a tenant from outside it is recorded.
 */
@NullMarked
package dev.tenancy.core.audit;

import org.jspecify.annotations.NullMarked;
