/**
 * Platform administrators working in a tenant they are no member of, each request recorded first.
 */
@NullMarked
package dev.tenancy.security.platform;

import org.jspecify.annotations.NullMarked;
