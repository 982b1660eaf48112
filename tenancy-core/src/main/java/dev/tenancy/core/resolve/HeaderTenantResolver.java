package dev.tenancy.core.resolve;

import java.util.Optional;

import dev.tenancy.core.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;

/**
 * Reads the tenant from a request header.
 * <p>
 * A header is chosen by the caller, so on its own it proves nothing: use it behind a gateway that sets it,
 * or together with an authenticated resolver, which the chain cross-checks it against. A header sent more than
 * once must name the same tenant each time; otherwise the request is rejected with {@code tenant-conflict}
 * (403), as a proxy that appends the header would otherwise let the client's copy win.
 */
public class HeaderTenantResolver implements TenantResolver, Ordered {

	/** The order of this resolver in the chain: after authenticated sources. */
	public static final int ORDER = 100;

	private final String headerName;

	public HeaderTenantResolver(String headerName) {
		this.headerName = headerName;
	}

	@Override
	public Optional<TenantId> resolve(HttpServletRequest request) {
		return TenantIds.fromHeader(request, this.headerName);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
