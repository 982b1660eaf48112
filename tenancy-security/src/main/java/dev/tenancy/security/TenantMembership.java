package dev.tenancy.security;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.resolve.TenantIds;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.ObjectUtils;

/**
 * The tenants a JWT is issued for: its single-tenant claim together with the entries of its tenants claim.
 * <p>
 * Every value is validated against {@link TenantId#PATTERN}; an invalid one is rejected with
 * {@code invalid-tenant-id}, naming the claim and quoting the value only in part and with control characters
 * escaped, and a value that is not a string is described by its JSON type only, never echoed.
 */
final class TenantMembership {

	/** How many tenants an error message lists before it abbreviates. */
	private static final int LISTED_TENANTS = 10;

	private final SortedSet<TenantId> tenants;

	private TenantMembership(SortedSet<TenantId> tenants) {
		this.tenants = Collections.unmodifiableSortedSet(tenants);
	}

	/**
	 * Reads the membership from the token's claims.
	 * @param jwt the verified token
	 * @param tenantClaim the claim that holds a single tenant id
	 * @param tenantsClaim the claim that holds an array of tenant ids (a single string is accepted too)
	 * @return the membership, empty if the token has neither claim
	 * @throws TenantRejectedException with {@code INVALID_TENANT_ID} if a claim holds anything but valid ids
	 */
	static TenantMembership of(Jwt jwt, String tenantClaim, String tenantsClaim) {
		SortedSet<TenantId> tenants = new TreeSet<>();
		Object single = jwt.getClaims().get(tenantClaim);
		if (single != null) {
			tenants.add(parse(single, tenantClaim));
		}
		Object several = jwt.getClaims().get(tenantsClaim);
		if (several instanceof String text) {
			tenants.add(TenantIds.parse(text, "claim '" + tenantsClaim + "'"));
		}
		else if (several != null) {
			for (Object entry : entries(several, tenantsClaim)) {
				tenants.add(parseEntry(entry, tenantsClaim));
			}
		}
		return new TenantMembership(tenants);
	}

	/**
	 * Returns a membership of the given tenants.
	 * @param tenants the tenants
	 * @return the membership
	 */
	static TenantMembership of(Collection<TenantId> tenants) {
		return new TenantMembership(new TreeSet<>(tenants));
	}

	/**
	 * Returns the first tenant, in order, that the test refuses.
	 * @param allowed the test
	 * @return that tenant, or empty if every tenant passes
	 */
	Optional<TenantId> firstNotAllowed(Predicate<TenantId> allowed) {
		return this.tenants.stream().filter(allowed.negate()).findFirst();
	}

	boolean isEmpty() {
		return this.tenants.isEmpty();
	}

	int size() {
		return this.tenants.size();
	}

	boolean contains(TenantId tenant) {
		return this.tenants.contains(tenant);
	}

	TenantId first() {
		return this.tenants.first();
	}

	/**
	 * Lists the tenants for an error message, quoted and sorted, abbreviated after a few.
	 * @return the list, for example {@code 'acme', 'globex'}
	 */
	String describe() {
		String listed = this.tenants.stream()
			.limit(LISTED_TENANTS)
			.map((tenant) -> "'" + tenant + "'")
			.collect(Collectors.joining(", "));
		int more = this.tenants.size() - LISTED_TENANTS;
		return (more > 0) ? listed + " and " + more + " more" : listed;
	}

	private static Collection<?> entries(Object claim, String claimName) {
		if (claim instanceof Collection<?> collection) {
			return collection;
		}
		if (claim.getClass().isArray()) {
			return List.of(ObjectUtils.toObjectArray(claim));
		}
		throw new TenantRejectedException(Reason.INVALID_TENANT_ID, "The claim '" + claimName
				+ "' must hold an array of tenant ids, but the access token has " + typeOf(claim) + " there. "
				+ mappingAdvice(claimName));
	}

	private static TenantId parse(Object value, String claimName) {
		if (value instanceof String text) {
			return TenantIds.parse(text, "claim '" + claimName + "'");
		}
		throw new TenantRejectedException(Reason.INVALID_TENANT_ID, "The claim '" + claimName
				+ "' must hold a tenant id as a string, but the access token has " + typeOf(value) + " there. "
				+ mappingAdvice(claimName));
	}

	private static TenantId parseEntry(@Nullable Object entry, String claimName) {
		if (!(entry instanceof String text)) {
			throw new TenantRejectedException(Reason.INVALID_TENANT_ID, "An entry of claim '" + claimName
					+ "' must be a tenant id as a string, but the access token has " + typeOf(entry) + " there. "
					+ mappingAdvice(claimName));
		}
		try {
			return TenantId.of(text);
		}
		catch (InvalidTenantIdException ex) {
			throw new TenantRejectedException(Reason.INVALID_TENANT_ID,
					"An entry of claim '" + claimName + "' is not a valid tenant id: " + ex.getMessage());
		}
	}

	private static String mappingAdvice(String claimName) {
		return "Fix how the token issuer maps claim '" + claimName
				+ "', or configure the claim names under tenancy.security.";
	}

	/** Names the JSON type of a claim value, so that the message never repeats the value itself. */
	private static String typeOf(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Number) {
			return "a number";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		if (value instanceof Map) {
			return "an object";
		}
		if (value instanceof Collection || value.getClass().isArray()) {
			return "an array";
		}
		return "a value of another type";
	}

}
