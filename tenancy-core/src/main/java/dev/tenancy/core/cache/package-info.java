/**
 * Spring caches whose entries belong to the tenant that put them there.
 */
@NullMarked
package dev.tenancy.core.cache;

import org.jspecify.annotations.NullMarked;
