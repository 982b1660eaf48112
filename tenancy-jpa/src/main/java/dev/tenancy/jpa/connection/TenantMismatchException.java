package dev.tenancy.jpa.connection;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a connection is about to run a statement while a tenant other than the one it was taken for is
 * bound to the thread. A transaction keeps the tenant it began with: its connection carries that tenant's
 * setting and its Hibernate session that tenant's filter. Binding another tenant inside it would otherwise run
 * that tenant's code against the first tenant's rows, or, in a transaction begun with no tenant, show that code
 * no rows and refuse its writes. Read-only work is refused a connection taken for read-write work on its tenant,
 * as that connection's transaction would let it write.
 */
public class TenantMismatchException extends IllegalStateException {

	private final @Nullable TenantId connectionTenant;

	private final TenantId boundTenant;

	/**
	 * @param connectionTenant the tenant the connection was taken for, or {@code null} if it was taken with none
	 * @param boundTenant the tenant bound to the thread
	 */
	public TenantMismatchException(@Nullable TenantId connectionTenant, TenantId boundTenant) {
		this(connectionTenant, boundTenant, message(connectionTenant, boundTenant));
	}

	private TenantMismatchException(@Nullable TenantId connectionTenant, TenantId boundTenant, String message) {
		super(message);
		this.connectionTenant = connectionTenant;
		this.boundTenant = boundTenant;
	}

	/**
	 * Returns the exception for read-only work about to run on a connection taken for read-write work on the same
	 * tenant, whose transaction is not read-only.
	 * @param tenant the tenant
	 * @return the exception
	 */
	static TenantMismatchException readOnlyWork(TenantId tenant) {
		return new TenantMismatchException(tenant, tenant, "This connection was taken for read-write work on tenant '"
				+ tenant + "' and read-only work on it is bound now. A transaction keeps the access it began with, "
				+ "so that work could write. Begin the read-only work's transaction inside its scope: "
				+ "TenantContext.where(tenantId).readOnly() around the @Transactional call.");
	}

	/**
	 * Returns the tenant the connection, and the transaction it serves, were taken for, or {@code null} if they
	 * were taken with no tenant bound.
	 */
	public @Nullable TenantId getConnectionTenant() {
		return this.connectionTenant;
	}

	/** Returns the tenant bound to the thread when the statement was refused. */
	public TenantId getBoundTenant() {
		return this.boundTenant;
	}

	private static String message(@Nullable TenantId connectionTenant, TenantId boundTenant) {
		String problem = (connectionTenant != null)
				? "This connection was taken for tenant '" + connectionTenant + "' and tenant '" + boundTenant
						+ "' is bound now. A transaction keeps the tenant it began with, so work bound to another "
						+ "tenant inside it would run on the rows of '" + connectionTenant + "'. "
				: "This connection was taken with no tenant bound and tenant '" + boundTenant + "' is bound now. "
						+ "A transaction keeps the tenant it began with, here none, so work bound to '" + boundTenant
						+ "' inside it would read none of its rows and have its writes refused (a @Transactional "
						+ "method calling TenantJobRunner does this: call it outside any transaction). ";
		return problem + "Give that work a transaction of its own, begun inside its scope: "
				+ "TenantContext.where(tenantId) around the @Transactional call, or a TransactionTemplate with "
				+ "PROPAGATION_REQUIRES_NEW inside the scope.";
	}

}
