/**
 * How the HTTP API reports errors: RFC 9457 problem+json, with the details a client can act on.
 */
@NullMarked
package dev.tenancy.sample.web;

import org.jspecify.annotations.NullMarked;
