package dev.tenancy.jpa.hibernate;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Gives Hibernate the tenant bound in {@link TenantContext}, which Hibernate uses for {@code @TenantId}
 * columns: it stamps inserts, rejects an explicitly set different value and filters every query.
 * <p>
 * A session opened with no tenant bound (Spring Data opens some at start-up to check queries) gets
 * {@link #NO_TENANT}, an id no tenant can have, so that its queries match no rows; the
 * {@link TenantRequiredStatementInspector} makes any statement run without a bound tenant fail with
 * {@link dev.tenancy.core.context.MissingTenantException}. There is no default tenant. With the discriminator
 * switched off every tenant is treated as Hibernate's "root" tenant: inserts are still stamped but nothing is
 * filtered, leaving isolation to row-level security alone (for testing that layer on its own).
 */
public class TenantContextIdentifierResolver implements CurrentTenantIdentifierResolver<String> {

	/** The tenant id of sessions opened with no tenant bound; it fails {@code TenantId}'s pattern. */
	public static final String NO_TENANT = "__no_tenant__";

	private final boolean discriminatorEnabled;

	public TenantContextIdentifierResolver(boolean discriminatorEnabled) {
		this.discriminatorEnabled = discriminatorEnabled;
	}

	public TenantContextIdentifierResolver() {
		this(true);
	}

	@Override
	public String resolveCurrentTenantIdentifier() {
		return TenantContext.current().map(TenantId::value).orElse(NO_TENANT);
	}

	@Override
	public boolean validateExistingCurrentSessions() {
		return true;
	}

	@Override
	public boolean isRoot(String tenantId) {
		return !this.discriminatorEnabled && !NO_TENANT.equals(tenantId);
	}

}
