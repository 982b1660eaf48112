/**
 * Creates the sample's database and roles on first start, before the DataSource exists.
 */
@NullMarked
package dev.tenancy.sample.bootstrap;

import org.jspecify.annotations.NullMarked;
