/**
 * Each tenant's own data key: values encrypted with it are readable only as that tenant, and purging the tenant
 * destroys the key.
 */
@NullMarked
package dev.tenancy.jpa.crypto;

import org.jspecify.annotations.NullMarked;
