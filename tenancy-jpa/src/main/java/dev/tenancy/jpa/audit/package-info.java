/**
 * The audit trail: who changed which tenant, when and why, kept as a hash chain that shows tampering.
 */
@NullMarked
package dev.tenancy.jpa.audit;

import org.jspecify.annotations.NullMarked;
