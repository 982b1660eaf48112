package dev.tenancy.jpa.lifecycle;

import dev.tenancy.core.TenantId;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Something else a purge destroys of an offboarded tenant, such as its data key ({@code TenantKeys}).
 * <p>
 * {@link TenantLifecycle#purge} calls each step in its owner transaction in the primary database, after the tenant's
 * rows are deleted and before its audit event is recorded: what a step writes through the {@code JdbcOperations} it
 * is given commits with the purge, or not at all; a step that throws rolls the purge back, and the purge can be
 * retried.
 */
@FunctionalInterface
public interface TenantPurgeStep {

	/**
	 * Destroys what this step keeps for the tenant; called again when a purge is retried.
	 * @param tenant the tenant, {@code OFFBOARDED}, its catalog row locked by the purge
	 * @param owner the primary database as the owner role, in the purge's transaction
	 * @return a few words on what was destroyed, for the purge's audit event
	 */
	String purge(TenantId tenant, JdbcOperations owner);

}
