package dev.tenancy.core.resolve;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;

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

}
