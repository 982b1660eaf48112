/**
 * Projects and their tasks: entities, repositories, the transactional service and the HTTP API.
 */
@NullMarked
package dev.tenancy.sample.project;

import org.jspecify.annotations.NullMarked;
