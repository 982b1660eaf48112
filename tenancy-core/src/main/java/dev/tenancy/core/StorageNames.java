package dev.tenancy.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Derives and validates the schema and database names of tenants.
 * <p>
 * A derived name is {@code t_} followed by the tenant id; ids too long for PostgreSQL's 63-byte identifier
 * limit keep their first 52 characters followed by {@code _} and 8 hex digits of the id's SHA-256, so
 * distinct ids never share a name in practice. Every name matches {@link #IDENTIFIER}, contains no quote, and
 * is still always quoted in SQL, because it may contain {@code -}.
 */
public final class StorageNames {

	/** The name of the application's own database server. */
	public static final String PRIMARY_SERVER = "primary";

	/** What schema, database and server names match. */
	public static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_-]{0,62}$");

	private static final String PREFIX = "t_";

	private StorageNames() {
	}

	/**
	 * Derives the schema or database name of a tenant.
	 * @param id the tenant id
	 * @return the name
	 */
	public static String derive(TenantId id) {
		String name = PREFIX + id.value();
		if (name.length() <= 63) {
			return name;
		}
		return PREFIX + id.value().substring(0, 52) + "_" + sha256Prefix(id.value());
	}

	/**
	 * Returns the name as a quoted SQL identifier.
	 * @param name a name matching {@link #IDENTIFIER}
	 * @return the quoted identifier, for example {@code "t_acme"}
	 */
	public static String quote(String name) {
		requireValidIdentifier(name, "name");
		return '"' + name + '"';
	}

	static void requireValidIdentifier(String name, String what) {
		if (!IDENTIFIER.matcher(name).matches() || name.startsWith("pg_")) {
			throw new IllegalArgumentException("invalid " + what + " name '" + name
					+ "': use 1-63 lowercase letters, digits, '_' or '-', starting with a letter or '_', not 'pg_'");
		}
	}

	private static String sha256Prefix(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
