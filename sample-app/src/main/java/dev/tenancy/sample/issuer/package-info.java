/**
 * The development token issuer: an embedded authorization server that puts tenant claims into tokens.
 */
@NullMarked
package dev.tenancy.sample.issuer;

import org.jspecify.annotations.NullMarked;
