/**
 * Auto-configuration of tenant resolution from Spring Security JWT authentications.
 */
@NullMarked
package dev.tenancy.security.autoconfigure;

import org.jspecify.annotations.NullMarked;
