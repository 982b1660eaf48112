/**
 * PostgreSQL row-level security: the shipped SQL and the start-up guard that checks roles and tables.
 */
@NullMarked
package dev.tenancy.jpa.rls;

import org.jspecify.annotations.NullMarked;
