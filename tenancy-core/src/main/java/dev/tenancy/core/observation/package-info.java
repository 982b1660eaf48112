/**
 * The tenant in Micrometer observations: traces, logs and, where asked for, metrics.
 */
@NullMarked
package dev.tenancy.core.observation;

import org.jspecify.annotations.NullMarked;
