/**
 * A sample application that serves projects and tasks to many tenants with the tenancy starter.
 */
@NullMarked
package dev.tenancy.sample;

import org.jspecify.annotations.NullMarked;
