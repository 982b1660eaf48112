package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of tenants' data keys ({@code TenantKeys}).
 */
@ConfigurationProperties("tenancy.crypto")
public class TenancyCryptoProperties {

	/**
	 * Whether each tenant gets its own data key for attributes converted with TenantEncrypted. Needs Tink
	 * (com.google.crypto.tink:tink) on the class path, the control plane (tenancy.catalog.type=jdbc or
	 * tenancy.audit.enabled=true) and a master key.
	 */
	private boolean enabled;

	/**
	 * Master key that tenants' data keys are encrypted with: a Tink keyset of an AEAD key type in JSON, in clear.
	 * Keep it in a secret store, never in the database; a MasterKey bean (from a key management service) takes
	 * its place.
	 */
	private @Nullable String masterKeyset;

	/**
	 * How long a tenant's decrypted data key is kept in memory before it is read again: how long another instance
	 * may go on encrypting with a key rotated here, or using a key destroyed here.
	 */
	private Duration keyCacheTtl = Duration.ofMinutes(5);

	/**
	 * How many tenants' decrypted data keys are kept in memory at most.
	 */
	private long keyCacheSize = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getMasterKeyset() {
		return this.masterKeyset;
	}

	public void setMasterKeyset(@Nullable String masterKeyset) {
		this.masterKeyset = masterKeyset;
	}

	public Duration getKeyCacheTtl() {
		return this.keyCacheTtl;
	}

	public void setKeyCacheTtl(Duration keyCacheTtl) {
		this.keyCacheTtl = keyCacheTtl;
	}

	public long getKeyCacheSize() {
		return this.keyCacheSize;
	}

	public void setKeyCacheSize(long keyCacheSize) {
		this.keyCacheSize = keyCacheSize;
	}

}
