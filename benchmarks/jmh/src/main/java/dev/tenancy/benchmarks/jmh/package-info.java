/**
 * JMH micro-benchmarks of what the library adds to every request and every task hop.
 */
@NullMarked
package dev.tenancy.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
