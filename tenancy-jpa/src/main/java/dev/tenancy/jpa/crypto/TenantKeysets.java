package dev.tenancy.jpa.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Set;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.tenancy.core.TenantId;

/**
 * Tenants' keysets as {@code tenancy.tenant_keys} keeps them: AES-256-GCM keysets made, rotated and opened with
 * Tink, encrypted with the master key and the tenant's id as associated data, so that a keyset moved into another
 * tenant's row does not open there.
 */
final class TenantKeysets {

	private static final Parameters KEY_TYPE = PredefinedAeadParameters.AES256_GCM;

	private final MasterKey masterKey;

	TenantKeysets(MasterKey masterKey) {
		registerTink();
		this.masterKey = masterKey;
	}

	/** Makes a new keyset for a tenant, encrypted. */
	String make(TenantId tenant) {
		try {
			return wrap(tenant, KeysetHandle.generateNew(KEY_TYPE));
		}
		catch (GeneralSecurityException ex) {
			throw new TenantKeyException(tenant, "Could not make a data key for tenant '" + tenant + "'", ex);
		}
	}

	/** Adds a key to an encrypted keyset and makes it the one that encrypts; returns the keyset, encrypted. */
	String rotate(TenantId tenant, String keyset) {
		try {
			KeysetHandle rotated = KeysetHandle.newBuilder(open(tenant, keyset))
				.addEntry(KeysetHandle.generateEntryFromParameters(KEY_TYPE).withRandomId().makePrimary())
				.build();
			return wrap(tenant, rotated);
		}
		catch (GeneralSecurityException ex) {
			throw new TenantKeyException(tenant, "Could not rotate the data key of tenant '" + tenant + "'", ex);
		}
	}

	/** Returns how many keys an encrypted keyset holds. */
	int size(TenantId tenant, String keyset) {
		return open(tenant, keyset).size();
	}

	/** Opens an encrypted keyset for use. */
	LoadedKey load(TenantId tenant, String keyset) {
		KeysetHandle handle = open(tenant, keyset);
		Set<Integer> ids = new HashSet<>();
		for (int i = 0; i < handle.size(); i++) {
			ids.add(handle.getAt(i).getId());
		}
		try {
			return new LoadedKey(handle.getPrimitive(RegistryConfiguration.get(), Aead.class), Set.copyOf(ids));
		}
		catch (GeneralSecurityException ex) {
			throw new TenantKeyException(tenant, "The data key of tenant '" + tenant + "' cannot be used", ex);
		}
	}

	/** Makes a master keyset in Tink's JSON format, in clear. */
	static String newMasterKeyset() {
		registerTink();
		try {
			return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(KEY_TYPE),
					InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not make a master keyset", ex);
		}
	}

	private String wrap(TenantId tenant, KeysetHandle keyset) throws GeneralSecurityException {
		return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, this.masterKey.aead(), wrapping(tenant));
	}

	private KeysetHandle open(TenantId tenant, String keyset) {
		try {
			return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(keyset, this.masterKey.aead(), wrapping(tenant));
		}
		catch (GeneralSecurityException ex) {
			throw new TenantKeyException(tenant, "The data key of tenant '" + tenant + "' does not open with the "
					+ "master key: the master key is not the one it was made with, or the row is not this tenant's",
					ex);
		}
	}

	/** Binds a stored keyset to its tenant's row. */
	private static byte[] wrapping(TenantId tenant) {
		return ("tenancy.tenant_keys:" + tenant.value()).getBytes(StandardCharsets.UTF_8);
	}

	private static void registerTink() {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not register Tink's AEAD key types", ex);
		}
	}

}
