/**
 * Auto-configuration of the core: catalog, propagation and the servlet filter.
 */
@NullMarked
package dev.tenancy.core.autoconfigure;

import org.jspecify.annotations.NullMarked;
