/**
 * Onboarding, suspending, resuming and offboarding tenants at run time, each change audited and published.
 */
@NullMarked
package dev.tenancy.jpa.lifecycle;

import org.jspecify.annotations.NullMarked;
