/**
 * Tenant resolution from Spring Security JWT authentications, with checks that the principal belongs to the
 * tenant it selects.
 */
@NullMarked
package dev.tenancy.security;

import org.jspecify.annotations.NullMarked;
