package dev.tenancy.core.resolve;

import java.util.Optional;

import dev.tenancy.core.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;

/**
 * Reads the tenant from a request header.
 * <p>
 * A header is chosen by the caller, so on its own it proves nothing: use it behind a gateway that sets it,
 * or together with an authenticated resolver, which the chain cross-checks it against.
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
		String value = request.getHeader(this.headerName);
		if (value == null) {
			return Optional.empty();
		}
		return Optional.of(TenantIds.parse(value, "header '" + this.headerName + "'"));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
