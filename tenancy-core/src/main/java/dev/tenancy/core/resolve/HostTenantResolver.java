package dev.tenancy.core.resolve;

import java.util.Locale;
import java.util.Optional;

import dev.tenancy.core.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;

/**
 * Reads the tenant from the first label of the host name, for hosts ending in a configured suffix:
 * {@code acme.example.com} with suffix {@code .example.com} names {@code acme}. Other hosts name no tenant.
 */
public class HostTenantResolver implements TenantResolver, Ordered {

	/** The order of this resolver in the chain: after headers. */
	public static final int ORDER = 200;

	private final String suffix;

	public HostTenantResolver(String suffix) {
		String normalized = suffix.toLowerCase(Locale.ROOT);
		this.suffix = normalized.startsWith(".") ? normalized : "." + normalized;
	}

	@Override
	public Optional<TenantId> resolve(HttpServletRequest request) {
		String host = request.getServerName();
		if (host == null) {
			return Optional.empty();
		}
		host = host.toLowerCase(Locale.ROOT);
		if (!host.endsWith(this.suffix) || host.length() == this.suffix.length()) {
			return Optional.empty();
		}
		String label = host.substring(0, host.length() - this.suffix.length());
		return Optional.of(TenantIds.parse(label, "host '" + host + "'"));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
