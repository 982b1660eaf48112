package dev.tenancy.jpa.hibernate;

import dev.tenancy.core.context.TenantContext;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Gives Hibernate the tenant bound in {@link TenantContext}, which Hibernate uses for {@code @TenantId}
 * columns: it stamps inserts, rejects an explicitly set different value and filters every query.
 * <p>
 * Opening a session with no tenant bound fails with
 * {@link dev.tenancy.core.context.MissingTenantException}; there is no default tenant. With the discriminator
 * switched off every tenant is treated as Hibernate's "root" tenant: inserts are still stamped but nothing is
 * filtered, leaving isolation to row-level security alone (for testing that layer on its own).
 */
public class TenantContextIdentifierResolver implements CurrentTenantIdentifierResolver<String> {

	private final boolean discriminatorEnabled;

	public TenantContextIdentifierResolver(boolean discriminatorEnabled) {
		this.discriminatorEnabled = discriminatorEnabled;
	}

	public TenantContextIdentifierResolver() {
		this(true);
	}

	@Override
	public String resolveCurrentTenantIdentifier() {
		return TenantContext.require().value();
	}

	@Override
	public boolean validateExistingCurrentSessions() {
		return true;
	}

	@Override
	public boolean isRoot(String tenantId) {
		return !this.discriminatorEnabled;
	}

}
