package dev.tenancy.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Derives and validates the schema and database names of tenants.
 * <p>
 * A derived name is {@code t_} followed by the tenant id when that fits PostgreSQL's 63-byte identifier limit
 * (ids of up to 61 characters). A longer id (62 or 63 characters) gives {@code th_}, its first 43 characters,
 * {@code _} and 16 hex digits (64 bits) of the id's SHA-256. The two forms never meet, because a plain name
 * has {@code _} where a hashed one has {@code h}, so a short id can never be spelled to take a long id's name;
 * two long ids share a name only if 64 bits of their SHA-256 do. Every name matches {@link #IDENTIFIER},
 * contains no quote, and is still always quoted in SQL, because it may contain {@code -}.
 */
public final class StorageNames {

	/** The name of the application's own database server. */
	public static final String PRIMARY_SERVER = "primary";

	/** What schema, database and server names match. */
	public static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_-]{0,62}$");

	private static final int MAX_LENGTH = 63;

	private static final String PREFIX = "t_";

	private static final String HASHED_PREFIX = "th_";

	private static final int HASH_BYTES = 8;

	private static final int KEPT_CHARACTERS = MAX_LENGTH - HASHED_PREFIX.length() - 1 - 2 * HASH_BYTES;

	private StorageNames() {
	}

	/**
	 * Derives the schema or database name of a tenant.
	 * @param id the tenant id
	 * @return the name
	 */
	public static String derive(TenantId id) {
		String name = PREFIX + id.value();
		if (name.length() <= MAX_LENGTH) {
			return name;
		}
		return HASHED_PREFIX + id.value().substring(0, KEPT_CHARACTERS) + "_" + sha256Prefix(id.value());
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
			return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
