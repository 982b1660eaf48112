/**
 * Which token issuers are trusted, and for which tenants: a tenant's own identity provider, or the platform's.
 */
@NullMarked
package dev.tenancy.security.issuer;

import org.jspecify.annotations.NullMarked;
