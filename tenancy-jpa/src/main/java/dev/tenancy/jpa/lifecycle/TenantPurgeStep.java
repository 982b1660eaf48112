package dev.tenancy.jpa.lifecycle;

import dev.tenancy.core.TenantId;

/**
 * Something else a purge destroys of an offboarded tenant, such as its data key ({@code TenantKeys}).
 * <p>
 * {@link TenantLifecycle#purge} calls each step in its owner transaction, after the tenant's rows are deleted and
 * before its audit event is recorded: a step that writes through the owner {@code DataSource} commits with the
 * purge, or not at all; one that throws rolls the purge back, and the purge can be retried.
 */
@FunctionalInterface
public interface TenantPurgeStep {

	/**
	 * Destroys what this step keeps for the tenant; called again when a purge is retried.
	 * @param tenant the tenant, {@code OFFBOARDED}
	 * @return a few words on what was destroyed, for the purge's audit event
	 */
	String purge(TenantId tenant);

}
