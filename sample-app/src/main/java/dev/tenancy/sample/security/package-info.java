/**
 * Resource-server security of the HTTP API: every request to /api needs a valid JWT.
 */
@NullMarked
package dev.tenancy.sample.security;

import org.jspecify.annotations.NullMarked;
