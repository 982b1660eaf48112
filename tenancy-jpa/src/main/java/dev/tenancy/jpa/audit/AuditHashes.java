package dev.tenancy.jpa.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Computes an audit event's hash: SHA-256, or HMAC-SHA256 with a key kept outside the database, over a
 * length-prefixed encoding of the event's fields and the previous event's hash, so that no two different events
 * encode alike.
 */
final class AuditHashes {

	/** The previous hash of the first event. */
	static final byte[] GENESIS = new byte[32];

	/** Shortest key accepted: as long as the hash. */
	static final int MINIMUM_KEY_BYTES = 32;

	private static final String FORMAT = "tenancy-audit-v1";

	private final byte @Nullable [] key;

	/**
	 * Creates the hashes.
	 * @param key the HMAC key, or {@code null} for plain SHA-256
	 */
	AuditHashes(byte @Nullable [] key) {
		if (key != null && key.length < MINIMUM_KEY_BYTES) {
			throw new IllegalArgumentException("The audit trail's HMAC key must be at least " + MINIMUM_KEY_BYTES
					+ " bytes, was " + key.length);
		}
		this.key = (key != null) ? key.clone() : null;
	}

	boolean isKeyed() {
		return this.key != null;
	}

	byte[] hash(long seq, Instant occurredAt, String tenant, String action, String actor, String reason,
			@Nullable String detail, byte[] previousHash) {
		byte[] encoded = encode(seq, occurredAt, tenant, action, actor, reason, detail, previousHash);
		try {
			if (this.key == null) {
				return MessageDigest.getInstance("SHA-256").digest(encoded);
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac.doFinal(encoded);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JVM cannot compute SHA-256 or HMAC-SHA256", ex);
		}
	}

	private static byte[] encode(long seq, Instant occurredAt, String tenant, String action, String actor,
			String reason, @Nullable String detail, byte[] previousHash) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			text(out, FORMAT);
			out.writeLong(seq);
			out.writeLong(occurredAt.getEpochSecond());
			out.writeInt(occurredAt.getNano());
			text(out, tenant);
			text(out, action);
			text(out, actor);
			text(out, reason);
			out.writeBoolean(detail != null);
			if (detail != null) {
				text(out, detail);
			}
			out.write(previousHash);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void text(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

}
