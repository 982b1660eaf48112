package dev.tenancy.jpa.hibernate;

import dev.tenancy.core.context.MissingTenantException;
import dev.tenancy.core.context.TenantContext;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.jspecify.annotations.Nullable;

/**
 * Fails every SQL statement Hibernate prepares while no tenant is bound, with a
 * {@link MissingTenantException} that says how to bind one. Hibernate refuses sessions without a tenant in a
 * multi-tenant persistence unit; this keeps that rule at the point where it matters, the statement, so that
 * opening a session (which Spring Data does at start-up) needs no tenant.
 * <p>
 * An inspector the application configured itself still runs, after this check.
 */
public class TenantRequiredStatementInspector implements StatementInspector {

	private final @Nullable StatementInspector next;

	public TenantRequiredStatementInspector(@Nullable StatementInspector next) {
		this.next = next;
	}

	@Override
	public String inspect(String sql) {
		if (TenantContext.current().isEmpty()) {
			throw new MissingTenantException("Hibernate was about to run SQL with no tenant bound. Run tenant work "
					+ "inside TenantContext.where(tenantId).run(...), or in a request that carries a tenant. "
					+ "SQL: " + abbreviate(sql));
		}
		return (this.next != null) ? this.next.inspect(sql) : sql;
	}

	private static String abbreviate(String sql) {
		return (sql.length() > 120) ? sql.substring(0, 120) + "..." : sql;
	}

}
