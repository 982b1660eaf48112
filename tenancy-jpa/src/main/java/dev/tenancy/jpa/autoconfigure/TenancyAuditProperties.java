package dev.tenancy.jpa.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the audit trail that the tenant lifecycle and platform access write.
 */
@ConfigurationProperties("tenancy.audit")
public class TenancyAuditProperties {

	/**
	 * Whether the audit trail, and platform access recorded in it, are set up without the JDBC catalog. With
	 * tenancy.catalog.type=jdbc they always are.
	 */
	private boolean enabled;

	/**
	 * Base64 key of at least 32 bytes with which audit events are hashed (HMAC-SHA256), so that whoever can write
	 * the audit table but lacks the key cannot rewrite the hash chain unseen. Keep it outside the database, for
	 * example in an environment variable. Without it, events are hashed with plain SHA-256.
	 */
	private @Nullable String hmacKey;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getHmacKey() {
		return this.hmacKey;
	}

	public void setHmacKey(@Nullable String hmacKey) {
		this.hmacKey = hmacKey;
	}

}
