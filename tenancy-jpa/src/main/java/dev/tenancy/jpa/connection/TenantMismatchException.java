package dev.tenancy.jpa.connection;

import dev.tenancy.core.TenantId;

/**
 * Thrown when a connection taken for one tenant is about to run a statement while another tenant is bound to
 * the thread. A transaction keeps the tenant it began with: its connection carries that tenant's
 * setting and its Hibernate session that tenant's filter. Binding another tenant inside it would otherwise run
 * that tenant's code against the first tenant's rows.
 */
public class TenantMismatchException extends IllegalStateException {

	private final TenantId connectionTenant;

	private final TenantId boundTenant;

	public TenantMismatchException(TenantId connectionTenant, TenantId boundTenant) {
		super(message(connectionTenant, boundTenant));
		this.connectionTenant = connectionTenant;
		this.boundTenant = boundTenant;
	}

	/** Returns the tenant the connection, and the transaction it serves, were taken for. */
	public TenantId getConnectionTenant() {
		return this.connectionTenant;
	}

	/** Returns the tenant bound to the thread when the statement was refused. */
	public TenantId getBoundTenant() {
		return this.boundTenant;
	}

	private static String message(TenantId connectionTenant, TenantId boundTenant) {
		return "This connection was taken for tenant '" + connectionTenant + "' and tenant '" + boundTenant
				+ "' is bound now. A transaction keeps the tenant it began with, so work bound to another tenant "
				+ "inside it would run on the rows of '" + connectionTenant + "'. Give that work a transaction of its own, begun inside its scope: "
				+ "TenantContext.where(tenantId) around the @Transactional call, or a TransactionTemplate with "
				+ "PROPAGATION_REQUIRES_NEW inside the scope.";
	}

}
