/**
 * What happens to a tenant over its life, as events an application can listen to.
 */
@NullMarked
package dev.tenancy.core.lifecycle;

import org.jspecify.annotations.NullMarked;
