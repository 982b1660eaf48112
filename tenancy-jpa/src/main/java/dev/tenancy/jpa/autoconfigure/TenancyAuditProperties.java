package dev.tenancy.jpa.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the audit trail that the JDBC catalog's tenant lifecycle writes.
 */
@ConfigurationProperties("tenancy.audit")
public class TenancyAuditProperties {

	/**
	 * Base64 key of at least 32 bytes with which audit events are hashed (HMAC-SHA256), so that whoever can write
	 * the audit table but lacks the key cannot rewrite the hash chain unseen. Keep it outside the database, for
	 * example in an environment variable. Without it, events are hashed with plain SHA-256.
	 */
	private @Nullable String hmacKey;

	public @Nullable String getHmacKey() {
		return this.hmacKey;
	}

	public void setHmacKey(@Nullable String hmacKey) {
		this.hmacKey = hmacKey;
	}

}
