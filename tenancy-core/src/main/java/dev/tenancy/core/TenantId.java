package dev.tenancy.core;

import java.util.regex.Pattern;

/**
 * The identifier of a tenant, validated against {@link #PATTERN} wherever it is created.
 * <p>
 * A tenant id is 1 to 63 characters of lowercase ASCII letters, digits, {@code -} and {@code _}, starting
 * with a letter or a digit. Sixty-three characters keep a schema or database name derived from it within
 * PostgreSQL's identifier limit. An instance is always valid, so code holding a {@code TenantId} never needs
 * to check it again; it is still bound to SQL as a parameter, never concatenated.
 *
 * @param value the validated id
 */
public record TenantId(String value) implements Comparable<TenantId> {

	/** The one pattern every tenant id matches. */
	public static final Pattern PATTERN = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

	public TenantId {
		if (value == null) {
			throw new InvalidTenantIdException("tenant id must not be null");
		}
		if (!matchesPattern(value)) {
			throw new InvalidTenantIdException("invalid tenant id '" + printable(value)
					+ "': use 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit");
		}
	}

	/**
	 * Returns the tenant id for the given text.
	 * @param value the text, for example a JWT claim or a header value
	 * @return the tenant id
	 * @throws InvalidTenantIdException if the text does not match {@link #PATTERN}
	 */
	public static TenantId of(String value) {
		return new TenantId(value);
	}

	/**
	 * Whether the text is a valid tenant id.
	 * @param value the text to check, may be {@code null}
	 * @return {@code true} if {@link #of(String)} would accept it
	 */
	public static boolean isValid(@org.jspecify.annotations.Nullable String value) {
		return value != null && matchesPattern(value);
	}

	/**
	 * Whether the text matches {@link #PATTERN}, checked character by character: every request makes tenant ids
	 * from its token, and a regular expression allocates a matcher each time.
	 */
	static boolean matchesPattern(String value) {
		int length = value.length();
		if (length < 1 || length > 63 || !isLowerLetterOrDigit(value.charAt(0))) {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = value.charAt(i);
			if (!isLowerLetterOrDigit(c) && c != '-' && c != '_') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}

	@Override
	public int compareTo(TenantId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

	/** Keeps error messages short and free of control characters when the input is hostile. */
	private static String printable(String value) {
		String shortened = (value.length() > 80) ? value.substring(0, 80) + "..." : value;
		StringBuilder out = new StringBuilder(shortened.length());
		shortened.codePoints().forEach((cp) -> {
			if (cp >= 0x20 && cp < 0x7f && cp != '\'') {
				out.appendCodePoint(cp);
			}
			else {
				out.append(String.format("\\u%04x", cp));
			}
		});
		return out.toString();
	}

}
