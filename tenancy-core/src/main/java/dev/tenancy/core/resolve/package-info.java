/**
 * How a request names its tenant: an ordered chain of resolvers that must agree.
 */
@NullMarked
package dev.tenancy.core.resolve;

import org.jspecify.annotations.NullMarked;
