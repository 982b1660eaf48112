package dev.tenancy.benchmarks.app.handwritten;

import org.jspecify.annotations.Nullable;

/**
 * The tenant of the request on this thread, as {@link HandWrittenTenantFilter} found it in the token.
 */
final class CurrentTenant {

	private static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

	private CurrentTenant() {
	}

	static void set(@Nullable String tenant) {
		if (tenant == null) {
			TENANT.remove();
		}
		else {
			TENANT.set(tenant);
		}
	}

	static String require() {
		String tenant = TENANT.get();
		if (tenant == null) {
			throw new IllegalStateException("no tenant on this thread; only requests through the tenant filter have one");
		}
		return tenant;
	}

}
