package dev.tenancy.core.resolve;

import java.util.Enumeration;
import java.util.Optional;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns text from a request into a {@link TenantId}, rejecting invalid text with a 400 problem.
 */
public final class TenantIds {

	private TenantIds() {
	}

	/**
	 * Parses text that a request uses to name a tenant.
	 * @param value the text
	 * @param source where the text came from, for the error message ("claim 'tenant_id'")
	 * @return the tenant id
	 * @throws TenantRejectedException with {@code INVALID_TENANT_ID} if the text is not a valid tenant id
	 */
	public static TenantId parse(String value, String source) {
		try {
			return TenantId.of(value);
		}
		catch (InvalidTenantIdException ex) {
			throw new TenantRejectedException(TenantRejectedException.Reason.INVALID_TENANT_ID,
					"The " + source + " does not hold a valid tenant id: " + ex.getMessage());
		}
	}

	/**
	 * Reads the tenant a request header names, from every copy of the header the request sends.
	 * <p>
	 * Copies that name the same tenant are fine. Copies that name different tenants are rejected, never settled
	 * by taking one: behind a proxy that adds the header rather than replacing it, the first copy is the
	 * client's.
	 * @param request the request
	 * @param headerName the header
	 * @return the tenant, or empty if the request does not send the header
	 * @throws TenantRejectedException with {@code INVALID_TENANT_ID} if a copy is not a valid tenant id, or with
	 * {@code TENANT_CONFLICT} if two copies name different tenants
	 */
	public static Optional<TenantId> fromHeader(HttpServletRequest request, String headerName) {
		if (request.getHeader(headerName) == null) {
			// the usual case, answered without the enumeration every request would otherwise allocate
			return Optional.empty();
		}
		Enumeration<String> values = request.getHeaders(headerName);
		if (values == null) {
			return Optional.empty();
		}
		String source = "header '" + headerName + "'";
		TenantId named = null;
		while (values.hasMoreElements()) {
			TenantId value = parse(values.nextElement(), source);
			if (named != null && !named.equals(value)) {
				throw new TenantRejectedException(TenantRejectedException.Reason.TENANT_CONFLICT,
						"The request sends header '" + headerName + "' more than once, naming tenants '" + named
								+ "' and '" + value + "'; send it once (a proxy that sets it must replace the "
								+ "client's copy, not add another).");
			}
			named = value;
		}
		return Optional.ofNullable(named);
	}

}
