/**
 * How the HTTP API reads requests and reports errors: RFC 9457 problem+json for every error, from Tomcat's to the
 * controllers', with the details a client can act on, and a limit on request bodies.
 */
@NullMarked
package dev.tenancy.sample.web;

import org.jspecify.annotations.NullMarked;
