/**
 * Where the library learns which tenants exist, their status and their placement.
 */
@NullMarked
package dev.tenancy.core.catalog;

import org.jspecify.annotations.NullMarked;
