/**
 * The servlet filter that binds each request's tenant, and the problem+json responses it sends.
 */
@NullMarked
package dev.tenancy.core.web;

import org.jspecify.annotations.NullMarked;
