/**
 * The full-stack benchmark harness: databases, tokens, one application process per scenario, a closed-loop load
 * generator in this process, and the report.
 */
@NullMarked
package dev.tenancy.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
