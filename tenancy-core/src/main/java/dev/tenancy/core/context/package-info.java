/**
 * The tenant bound to the current thread, and how it travels with work to other threads.
 */
@NullMarked
package dev.tenancy.core.context;

import org.jspecify.annotations.NullMarked;
