package dev.tenancy.jpa.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;

/**
 * The key that every tenant's data key is encrypted with before it is stored: a Tink {@link Aead}.
 * <p>
 * In production it lives in a key management service, and never in the database the tenant keys are kept in:
 * define a {@code MasterKey} bean from your KMS client (Tink's AWS or Google Cloud KMS extensions give an
 * {@code Aead} for a key URI). For development and tests, {@link #fromKeyset} takes a Tink keyset in JSON.
 *
 * @param aead the key, as an AEAD primitive
 */
public record MasterKey(Aead aead) {

	public MasterKey {
		Objects.requireNonNull(aead, "aead must not be null");
	}

	/**
	 * Makes a master key from a Tink keyset of an AEAD key type (AES-GCM, say) in Tink's JSON format, in clear.
	 * Whoever can read the JSON can read every tenant's encrypted data: keep it in a secret store, not in
	 * configuration files.
	 * @param json the keyset, as {@code tinkey create-keyset --key-template AES256_GCM} writes it
	 * @return the master key
	 * @throws IllegalArgumentException if the text is not such a keyset
	 */
	public static MasterKey fromKeyset(String json) {
		try {
			AeadConfig.register();
			KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
			return new MasterKey(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalArgumentException("The master key is not a Tink keyset of an AEAD key type in JSON ("
					+ ex.getClass().getSimpleName() + "). Create one with 'tinkey create-keyset --key-template "
					+ "AES256_GCM', or with TenantKeys.newMasterKeyset().", ex);
		}
	}

}
