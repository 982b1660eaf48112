/**
 * What tenancy tests need: a real PostgreSQL database per test class, with an owner role for migrations and a
 * restricted runtime role for assertions.
 */
@NullMarked
package dev.tenancy.test;

import org.jspecify.annotations.NullMarked;
