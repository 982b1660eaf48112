package dev.tenancy.jpa.hibernate;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.jspecify.annotations.Nullable;

/**
 * Hands Hibernate the connection of the session's tenant, wherever its placement puts it.
 * <p>
 * Delegates to the tenant-aware {@code DataSource} with the session's tenant bound, so that a session opened
 * for tenant T always gets T's connection (shared pool, T's schema, or T's own database), whatever is bound
 * on the thread when Hibernate asks. The connection then refuses statements while another tenant is bound
 * ({@link dev.tenancy.jpa.connection.TenantMismatchException}): the session keeps its tenant. Sessions opened
 * with no tenant ({@link TenantContextIdentifierResolver#NO_TENANT}) and Hibernate's start-up metadata queries
 * get a connection that carries no tenant.
 */
public class TenantConnectionProvider implements MultiTenantConnectionProvider<String> {

	private final DataSource dataSource;

	public TenantConnectionProvider(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public Connection getAnyConnection() throws SQLException {
		try (TenantContext.Binding none = TenantContext.bind(null)) {
			return this.dataSource.getConnection();
		}
	}

	@Override
	public void releaseAnyConnection(Connection connection) throws SQLException {
		connection.close();
	}

	@Override
	public Connection getConnection(String tenantIdentifier) throws SQLException {
		try (TenantContext.Binding binding = TenantContext.bind(toTenantId(tenantIdentifier))) {
			return this.dataSource.getConnection();
		}
	}

	@Override
	public void releaseConnection(String tenantIdentifier, Connection connection) throws SQLException {
		connection.close();
	}

	@Override
	public boolean supportsAggressiveRelease() {
		return false;
	}

	@Override
	public boolean isUnwrappableAs(Class<?> unwrapType) {
		return unwrapType.isInstance(this);
	}

	@Override
	public <T> T unwrap(Class<T> unwrapType) {
		if (unwrapType.isInstance(this)) {
			return unwrapType.cast(this);
		}
		throw new IllegalArgumentException("Cannot unwrap " + getClass().getName() + " as " + unwrapType.getName());
	}

	private static @Nullable TenantId toTenantId(String tenantIdentifier) {
		// nearly always the tenant bound on the thread, already validated: taken as it is, not parsed again
		TenantId bound = TenantContext.current().orElse(null);
		if (bound != null && bound.value().equals(tenantIdentifier)) {
			return bound;
		}
		return TenantId.isValid(tenantIdentifier) ? TenantId.of(tenantIdentifier) : null;
	}

}
