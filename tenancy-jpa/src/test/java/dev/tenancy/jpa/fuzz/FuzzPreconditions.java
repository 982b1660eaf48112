package dev.tenancy.jpa.fuzz;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.tenancy.core.Placement;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.test.TenancyTestDatabase;

/**
 * Checks, before any operation, that the run tests what it claims: every tenant's connections are the
 * restricted runtime role's; with generic plans, every connection uses them; on a pool of one, tenants and work
 * with no tenant really share one connection. A run whose set-up is wrong fails rather than passing vacuously.
 */
final class FuzzPreconditions {

	private final FuzzContext context;

	FuzzPreconditions(FuzzContext context) {
		this.context = context;
	}

	void check() {
		for (FuzzTenant tenant : this.context.topology.tenants()) {
			Map<String, Object> session = TenantContext.where(tenant.id()).get(() -> this.context.app.tx.execute(
					(status) -> this.context.app.jdbc.queryForMap("select current_user as role, r.rolsuper, r.rolbypassrls, "
							+ "current_database() as database, current_setting('plan_cache_mode') as plans "
							+ "from pg_roles r where r.rolname = current_user")));
			require(TenancyTestDatabase.APP_ROLE.equals(session.get("role")) && Boolean.FALSE.equals(session.get("rolsuper"))
					&& Boolean.FALSE.equals(session.get("rolbypassrls")),
					tenant.id() + " must connect as the restricted runtime role, got " + session);
			require(tenant.location().database().equals(session.get("database")),
					tenant.id() + " must be routed to " + tenant.location().database() + ", got " + session);
			if (this.context.variant.genericPlans()) {
				require("force_generic_plan".equals(session.get("plans")),
						tenant.id() + "'s connection must use plan_cache_mode=force_generic_plan, got " + session);
			}
		}
		if (this.context.variant.poolOfOne()) {
			// SHARED tenants and work with no tenant, one after the other; SCHEMA tenants may retire the connection
			// (tenancy.jpa.max-schemas-per-connection), so they take no part here
			Set<Integer> backends = new HashSet<>();
			for (FuzzTenant tenant : this.context.topology.tenants()) {
				if (tenant.placement() == Placement.SHARED) {
					backends.add(TenantContext.where(tenant.id()).get(this::backend));
				}
			}
			backends.add(backend());
			require(backends.size() == 1, "on a pool of one connection, every SHARED tenant and work with no tenant must "
					+ "use the same backend, got " + backends);
		}
	}

	private Integer backend() {
		return this.context.app.tx
			.execute((status) -> this.context.app.jdbc.queryForObject("select pg_backend_pid()", Integer.class));
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException("Fuzz set-up is wrong: " + message);
		}
	}

}
