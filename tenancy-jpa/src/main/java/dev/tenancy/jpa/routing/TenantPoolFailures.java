package dev.tenancy.jpa.routing;

import java.sql.SQLException;

import dev.tenancy.core.TenantUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure to get a tenant connection into a {@link TenantUnavailableException} whose message says which
 * tenant and server, and what ran out: the budget, the tenant's pool, or the server's patience. The message is
 * shown to API clients (503), so it names no host, user or password; the driver's own reason is logged.
 */
final class TenantPoolFailures {

	private static final Logger logger = LoggerFactory.getLogger(PooledTenantDataSources.class);

	private TenantPoolFailures() {
	}

	static TenantUnavailableException unavailable(TenantPool.Key key, TenantPool pool, TenantPoolLimits limits,
			SQLException ex) {
		String subject = "Tenant '" + key.tenant() + "' on server '" + key.server() + "' is unavailable: ";
		String message;
		if (isCausedBy(ex, ConnectionBudget.ExhaustedException.class)) {
			message = subject + "all " + limits.connectionBudget()
					+ " connections of the tenant connection budget are in use; try again shortly";
		}
		else if (pool.activeConnections() >= limits.poolSize()) {
			message = subject + "all " + limits.poolSize() + " connections of its pool are in use; try again shortly";
		}
		else {
			message = subject + "its database '" + key.database() + "' did not accept a connection within "
					+ PooledTenantDataSources.format(limits.connectionTimeout());
		}
		logger.warn("{} ({})", message, rootCause(ex).getMessage());
		return new TenantUnavailableException(key.tenant(), message, ex);
	}

	private static boolean isCausedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

}
